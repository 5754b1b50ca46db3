package io.djangoguard.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The preset files: every built-in one loads and cites its source; a bad one is refused naming file and field. */
class PresetsTest {

    static final Path BUILT_IN = Path.of("src/main/resources/presets");

    @Test
    void theIndexListsEveryPresetFile() throws IOException {
        List<String> index = Files.readAllLines(BUILT_IN.resolve("index.txt")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).sorted().toList();
        List<String> files;
        try (Stream<Path> list = Files.list(BUILT_IN)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
        }
        assertEquals(files, index, "presets/index.txt must list every presets/*.yaml (and nothing else)");
    }

    @Test
    void everyBuiltInPresetLoadsWithItsSourceCited() {
        Presets presets = Presets.builtIn();
        assertTrue(presets.all().size() >= 25, "at least 25 applications: " + presets.all().size());
        for (Preset p : presets.all()) {
            assertNotNull(p.repository(), p.id());
            p.settings().values().forEach(vars -> vars.forEach(v -> assertFalse(v.cite().isBlank(), p.id() + " " + v.variable())));
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ghcr.io/netbox-community/netbox:v4.1.3 | netbox",
        "netboxcommunity/netbox                 | netbox",
        "docker.io/netboxcommunity/netbox@sha256:0123 | netbox",
        "ghcr.io/paperless-ngx/paperless-ngx:2.14 | paperless-ngx",
        "taigaio/taiga-back:6.8.1               | taiga",
        "ghcr.io/acme/shop:1.0                  | ''",
    })
    void aPresetIsChosenByItsImage(String image, String id) {
        Preset p = Presets.builtIn().forImage(image);
        if (id.isEmpty()) {
            assertNull(p, image);
        } else {
            assertEquals(id, p == null ? null : p.id(), image);
        }
    }

    @Test
    void readingFollowsTheApplication() {
        Preset.Variable taigaStyle = new Preset.Variable("X", Preset.Parser.BOOL, Set.of("True"), false, ",", false, false, null, "c");
        assertTrue(taigaStyle.bool("True"));
        assertFalse(taigaStyle.bool("true"), "compared with == \"True\"");
        Preset.Variable netboxStyle = new Preset.Variable("X", Preset.Parser.BOOL, Set.of("true"), false, ",", false, false, null, "c");
        assertTrue(netboxStyle.bool("TRUE"));
        assertFalse(netboxStyle.bool("1"));
        Preset.Variable inverted = new Preset.Variable("DISABLE_X", Preset.Parser.BOOL, Set.of("1", "true"), true, ",", false, false, null, "c");
        assertFalse(inverted.bool("1"), "DISABLE_...=1 turns the setting off");
        assertTrue(inverted.bool("0"));
        Preset.Variable spaces = new Preset.Variable("H", Preset.Parser.LIST, Set.of(), false, " ", false, false, null, "c");
        assertEquals(List.of("a.example", "*"), spaces.list("a.example *"));
        Preset.Variable commasUntrimmed = new Preset.Variable("H", Preset.Parser.LIST, Set.of(), false, ",", false, false, null, "c");
        assertEquals(List.of("a.example", " *"), commasUntrimmed.list("a.example, *"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'name: X\nrepository: a/b\n'                                            | id is required",
        "'id: Bad_Id\nname: X\nrepository: a/b\n'                                | id Bad_Id must be lower-case",
        "'id: x\nname: X\nrepository: a/b\ncolour: red\n'                         | unknown field colour",
        "'id: x\nname: X\nrepository: a/b\nsettings: {TIME_ZONE: [{variable: TZ, parser: string, cite: a}]}\n' | settings.TIME_ZONE is not a setting",
        "'id: x\nname: X\nrepository: a/b\nsettings: {DEBUG: [{variable: D, parser: list, cite: a}]}\n' | DEBUG is read with parser bool",
        "'id: x\nname: X\nrepository: a/b\nsettings: {DEBUG: [{variable: D, parser: bool}]}\n' | settings.DEBUG[0]: cite is required",
        "'id: x\nname: X\nrepository: a/b\nsettings: {DEBUG: [{variable: D, parser: bool, cite: a, default: maybe}]}\n' | default must be true or false",
        "'id: x\nname: X\nrepository: a/b\nsettings: {SECRET_KEY_FALLBACKS: [{variable: OLD, parser: string, cite: a}]}\n' | SECRET_KEY_FALLBACKS is read with parser list",
        "'id: x\nname: X\nrepository: a/b\ndjangoVersion: \"4.2\"\n'                  | djangoVersion must be",
        "'[1, 2]'                                                                  | not a mapping",
    })
    void aBadPresetIsRefusedNamingTheFieldAndTheFile(String text, String problem) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Presets.parse(text, "my/x.yaml"));
        assertTrue(e.getMessage().startsWith("preset my/x.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void aDirectoryAddsPresetsAndReplacesABuiltInOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("inhouse.yaml"), """
                id: inhouse
                name: In-house shop
                repository: acme/shop
                images: [ghcr.io/acme/shop]
                settings:
                  ALLOWED_HOSTS:
                    - {variable: SHOP_HOSTS, parser: list, separator: ";", trims: true, cite: shop/settings.py#L12}
                """);
        Files.writeString(dir.resolve("netbox.yaml"), "id: netbox\nname: NetBox (ours)\nrepository: acme/netbox\n");
        Presets presets = Presets.withDirectory(dir);
        assertEquals("inhouse", presets.forImage("ghcr.io/acme/shop:1.0").id());
        assertEquals("NetBox (ours)", presets.byId("netbox").name());
        assertEquals(Presets.builtIn().all().size() + 1, presets.all().size());
    }
}
