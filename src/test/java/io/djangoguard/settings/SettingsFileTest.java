package io.djangoguard.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** YAML/JSON settings files in ConfigMaps: literal top-level settings with their lines; anything hostile is no settings file. */
class SettingsFileTest {

    @Test
    void topLevelSettingsWithTheirLines() {
        List<SettingsFile.Entry> entries = SettingsFile.read("""
                # netbox.yaml
                ALLOWED_HOSTS: ["*", 'netbox.example.com']
                DATABASES: {default: {CONN_MAX_AGE: 0}}
                DEBUG: false
                SECRET_KEY: null
                PLUGINS: [netbox_bgp]
                """);
        assertEquals(List.of(new SettingsFile.Entry("ALLOWED_HOSTS", "[\"*\",\"netbox.example.com\"]", 2),
                new SettingsFile.Entry("DEBUG", "False", 4)), entries);
    }

    @Test
    void oneSettingIsAnotherProgramsConfiguration() {
        assertEquals(List.of(), SettingsFile.read("DEBUG: true\nlisten: ':9100'\n"));
    }

    @Test
    void aHostileFileIsNoSettingsFileAndNoCrash() {
        String flow = "ALLOWED_HOSTS: ['*']\nDEBUG: true\nX: " + "[".repeat(200_000) + "]".repeat(200_000) + "\n";
        assertEquals(List.of(), SettingsFile.read(flow));
        StringBuilder block = new StringBuilder("ALLOWED_HOSTS: ['*']\nDEBUG: true\nX:\n");
        for (int i = 1; i < 5_000; i++) {
            block.append(" ".repeat(i)).append("a:\n");
        }
        assertEquals(List.of(), SettingsFile.read(block.toString()));
        assertEquals(List.of(), SettingsFile.read("a: &x [1]\nb: *x\nALLOWED_HOSTS: ['*']\nDEBUG: true\n"));
        assertEquals(List.of(), SettingsFile.read("ALLOWED_HOSTS: ['*'\nDEBUG: [unclosed"));
    }
}
