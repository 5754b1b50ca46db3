package io.djangoguard.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.djangoguard.settings.PythonSettings.Evaluation;
import io.djangoguard.settings.PythonSettings.Known;
import io.djangoguard.settings.PythonSettings.Unknown;

/**
 * The static reading of settings modules: each case is a file, a name, and what Python would bind it to (checked
 * against CPython and django-environ 0.4.4 / 0.11 by hand: /usr/bin/python3 with the Debian and the newer package).
 */
class PythonSettingsTest {

    private static final Evaluation NO_ENV = Evaluation.UNKNOWN_ENVIRONMENT;

    static Stream<Arguments> literals() {
        return Stream.of(
                Arguments.of("X = 1_000", 1000L),
                Arguments.of("X = 0x1F", 31L),
                Arguments.of("X = -5", -5L),
                Arguments.of("X = 1.5", 1.5),
                Arguments.of("X = 60 * 60 * 24 * 365", 31_536_000L),
                Arguments.of("X = 2 ** 10 // 3 % 100", 41L),
                Arguments.of("X = 'a' 'b' \"c\"", "abc"),
                Arguments.of("X = r'\\d+' ", "\\d+"),
                Arguments.of("X = '''multi\nline'''", "multi\nline"),
                Arguments.of("X = u'caf\\xe9'", "café"),
                Arguments.of("X = ('*',)", List.of("*")),
                Arguments.of("X = ('*')", "*"),
                Arguments.of("X = ['a', 'b',]", List.of("a", "b")),
                Arguments.of("X = []", List.of()),
                Arguments.of("X = True", true),
                Arguments.of("X = not True", false),
                Arguments.of("X = None", NULL),
                Arguments.of("X = 'a' if False else 'b'", "b"),
                Arguments.of("X = 0 or 'fallback'", "fallback"),
                Arguments.of("X = 'on' and 0", 0L),
                Arguments.of("X = 'a,b, c'.split(',')", List.of("a", "b", " c")),
                Arguments.of("X = ' Yes '.strip().lower() in ('1', 'yes')", true),
                Arguments.of("X = 3 > 2 > 1", true),
                Arguments.of("X = bool('False')", true),
                Arguments.of("X = int(' 42 ')", 42L),
                Arguments.of("X = {'default': {'CONN_MAX_AGE': 60}}['default']['CONN_MAX_AGE']", 60L),
                Arguments.of("A = 2\nX = A * 3", 6L),
                Arguments.of("X = ['a']\nX += ['b']\nX.append('c')\nX.extend(('d',))", List.of("a", "b", "c", "d")),
                Arguments.of("X: list[str] = ['h']", List.of("h")),
                Arguments.of("A = X = 7", 7L),
                Arguments.of("X, Y = 1, 2", 1L),
                Arguments.of("X = ','.join(['a', 'b'])", "a,b"),
                Arguments.of("X = 1 # a comment with 'quotes\nY = 2", 1L),
                Arguments.of("X = (1 +\n     2)", 3L),
                Arguments.of("X = 1 + \\\n 2", 3L),
                Arguments.of("\uFEFFX = 1\r\nY = 2\r\n", 1L),
                Arguments.of("X = 1; Y = 2", 1L));
    }

    private static final Object NULL = new Object();

    @ParameterizedTest
    @MethodSource("literals")
    void literalsReadAsPythonHasThem(String file, Object expected) {
        PythonSettings.Value v = PythonSettings.parse(file).value("X", NO_ENV);
        assertInstanceOf(Known.class, v, file + " -> " + v);
        assertEquals(expected == NULL ? null : expected, ((Known) v).value(), file);
    }

    static Stream<Arguments> unknowns() {
        return Stream.of(
                Arguments.of("X = f'{a}'", "an f-string"),
                Arguments.of("X = b'raw'", "a bytes value"),
                Arguments.of("X = get_hosts()", "computed by get_hosts()"),
                Arguments.of("X = Y", "Y is not defined in this file"),
                Arguments.of("from .base import X", "imported from .base"),
                Arguments.of("X = True\nif PROD:\n    X = False", "assigned inside an if block at line 2"),
                Arguments.of("X = True\ntry:\n    from local import *\nexcept ImportError:\n    X = False", "assigned inside a try block at line 2"),
                Arguments.of("X = True\nif PROD: X = False", "assigned inside an if block at line 2"),
                Arguments.of("X = 1\nglobals().update(X=2)", "settings changed dynamically at line 2"),
                Arguments.of("X = [x for x in range(3)]", "a comprehension or expression this reader does not follow"),
                Arguments.of("X = 'a' * 10**9", "a repetition too large for this reader"),
                Arguments.of("X = 2 ** 200", "a number too large for this reader"),
                Arguments.of("X = lambda: 1", "a lambda"),
                Arguments.of("def X():\n    return 1", "a function"),
                Arguments.of("X = ['a']\nX.sort()", "changed by X.sort(...) at line 2"));
    }

    @ParameterizedTest
    @MethodSource("unknowns")
    void whatCannotBeReadIsUnknownAndSaysWhy(String file, String why) {
        PythonSettings.Value v = PythonSettings.parse(file).value("X", NO_ENV);
        assertInstanceOf(Unknown.class, v, file + " -> " + v);
        assertEquals(why, ((Unknown) v).why(), file);
    }

    private static Evaluation env(boolean modern, String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return new Evaluation(m::get, modern);
    }

    private static Object known(String file, String name, Evaluation how) {
        PythonSettings.Value v = PythonSettings.parse(file).value(name, how);
        assertInstanceOf(Known.class, v, file + " -> " + v);
        return ((Known) v).value();
    }

    @Test
    void osEnvironReadsTheContainersEnvironment() {
        String f = "import os\nDEBUG = os.environ.get('APP_DEBUG', 'False') == 'True'\n"
                + "ALLOWED_HOSTS = os.getenv('HOSTS', '*').split(',')\nNAIVE = bool(os.environ.get('NAIVE', False))\n";
        assertEquals(true, known(f, "DEBUG", env(false, "APP_DEBUG", "True")));
        assertEquals(false, known(f, "DEBUG", env(false)));
        assertEquals(List.of("*"), known(f, "ALLOWED_HOSTS", env(false)));
        assertEquals(List.of("a.example", " b.example"), known(f, "ALLOWED_HOSTS", env(false, "HOSTS", "a.example, b.example")));
        assertEquals(true, known(f, "NAIVE", env(false, "NAIVE", "False")), "a non-empty string is true");
        PythonSettings parsed = PythonSettings.parse(f);
        assertEquals(new Unknown("depends on environment variable APP_DEBUG"), parsed.value("DEBUG", NO_ENV));
        assertEquals(Set.of("APP_DEBUG"), parsed.environmentVariables("DEBUG"));
        assertEquals(new Unknown("Django stops: KeyError for K, not set"),
                PythonSettings.parse("import os\nSECRET_KEY = os.environ['K']").value("SECRET_KEY", env(false)));
        Evaluation hidden = new Evaluation(n -> PythonSettings.UNKNOWN_VARIABLE, false);
        assertEquals(new Unknown("depends on environment variable APP_DEBUG, whose value is not visible here"),
                parsed.value("DEBUG", hidden));
    }

    /** django-environ, as 0.4.4 and 0.11 behave (both run on this machine): a str default is returned uncast. */
    @Test
    void djangoEnvironReadsAsItsSourceDoes() {
        String f = "import environ\nenv = environ.Env(DEBUG=(bool, False))\nDEBUG = env('DEBUG')\n"
                + "SSL = env.bool('SSL', default='False')\nCOOKIES = env.bool('COOKIES', default=True)\n"
                + "HOSTS = env.list('HOSTS', default=[])\nKEY = env('KEY')\nAGE = env.int('AGE', default=0)\n";
        assertEquals(false, known(f, "DEBUG", env(false)));
        assertEquals(true, known(f, "DEBUG", env(false, "DEBUG", "yes")));
        assertEquals("False", known(f, "SSL", env(false)), "the default string is not cast: it is truthy");
        assertEquals(false, known(f, "COOKIES", env(false, "COOKIES", " true")), "0.4.4 does not strip");
        assertEquals(true, known(f, "COOKIES", env(true, "COOKIES", " true")), "0.10+ strips");
        assertEquals(List.of("a", " b"), known(f, "HOSTS", env(false, "HOSTS", "a, b")));
        assertEquals(600L, known(f, "AGE", env(false, "AGE", "600")));
        assertEquals(new Unknown("Django stops: ImproperlyConfigured, KEY not set"), PythonSettings.parse(f).value("KEY", env(false)));
        assertEquals(new Unknown("refers to another variable (KEY starts with $)"), PythonSettings.parse(f).value("KEY", env(false, "KEY", "$OTHER")));
    }

    @Test
    void pythonDecoupleCastsItsDefaultToo() {
        String f = "from decouple import config, Csv\nDEBUG = config('DEBUG', default=False, cast=bool)\n"
                + "HOSTS = config('HOSTS', default='a, b', cast=Csv())\nAGE = config('AGE', default='60', cast=int)\n";
        assertEquals(false, known(f, "DEBUG", env(false)));
        assertEquals(true, known(f, "DEBUG", env(false, "DEBUG", "on")));
        assertEquals(List.of("a", "b"), known(f, "HOSTS", env(false)));
        assertEquals(60L, known(f, "AGE", env(false)));
        assertEquals(new Unknown("Django stops: decouple refuses the value of DEBUG as a boolean"),
                PythonSettings.parse(f).value("DEBUG", env(false, "DEBUG", "maybe")));
    }

    @Test
    void databasesAreReadByKeyWithTheirLines() {
        String f = "DATABASES = {\n    'default': {\n        'ENGINE': 'x',\n        'CONN_MAX_AGE': 0,\n    }\n}\n"
                + "DATABASES['default']['CONN_MAX_AGE'] = 60 * 10\nOTHER = {'default': {}}\n";
        PythonSettings p = PythonSettings.parse(f);
        assertEquals(new Known(600L), p.path(NO_ENV, "DATABASES", "default", "CONN_MAX_AGE"));
        assertEquals(7, p.pathLine("DATABASES", "default", "CONN_MAX_AGE"));
        assertEquals(2, p.pathLine("DATABASES", "default"));
        assertNull(p.path(NO_ENV, "OTHER", "default", "CONN_MAX_AGE"), "a known dict without the key");
        assertEquals(7, p.line("DATABASES"));
        PythonSettings u = PythonSettings.parse("import environ\nenv = environ.Env()\nDATABASES = {'default': env.db()}\n");
        assertInstanceOf(Unknown.class, u.path(NO_ENV, "DATABASES", "default", "CONN_MAX_AGE"));
        PythonSettings upd = PythonSettings.parse("DATABASES = {'default': {}}\nDATABASES['default'].update({'CONN_MAX_AGE': 5})\n");
        assertEquals(new Known(5L), upd.path(NO_ENV, "DATABASES", "default", "CONN_MAX_AGE"));
    }

    @Test
    void assignedNamesLinesAndStarImports() {
        PythonSettings p = PythonSettings.parse("from .base import *\nimport os\n\nDEBUG = False\nALLOWED_HOSTS = []\nDEBUG = True\n");
        assertEquals(List.of(".base (line 1)"), p.starImports());
        assertTrue(p.assignedNames().containsAll(List.of("os", "DEBUG", "ALLOWED_HOSTS")));
        assertEquals(6, p.line("DEBUG"));
        assertNull(p.value("SECRET_KEY", NO_ENV), "not bound here: the star import may bring it");
    }

    /** Anyone who may apply a ConfigMap writes this text: every budget holds, nothing throws, nothing overflows. */
    @Test
    void hostileFilesStayWithinBudgets() {
        String deep = "X = " + "[".repeat(90_000) + "]".repeat(90_000) + "\nY = 1\n";
        PythonSettings p = PythonSettings.parse(deep);
        assertEquals(new Known(1L), p.value("Y", NO_ENV));
        assertInstanceOf(Unknown.class, p.value("X", NO_ENV));

        StringBuilder doubling = new StringBuilder("a = 'x'\n");
        while (doubling.length() < PythonSettings.MAX_CHARS - 20) {
            doubling.append("a = a + a\n");
        }
        assertInstanceOf(Unknown.class, PythonSettings.parse(doubling.toString()).value("a", NO_ENV));
        assertTrue(PythonSettings.parse("x".repeat(PythonSettings.MAX_CHARS + 1)).assignedNames().isEmpty());
        PythonSettings tooMany = PythonSettings.parse("Y = 1\nX = [" + "1,".repeat(110_000) + "]\nZ = 2\n");
        assertEquals(new Known(1L), tooMany.value("Y", NO_ENV), "what came before the token budget ran out is kept");
        assertNull(tooMany.value("Z", NO_ENV));

        PythonSettings unterminated = PythonSettings.parse("DEBUG = False\nKEY = '''never closed\nALLOWED_HOSTS = ['*']\n");
        assertEquals(new Known(false), unterminated.value("DEBUG", NO_ENV));
        assertNull(unterminated.value("ALLOWED_HOSTS", NO_ENV));
        assertFalse(unterminated.problems().isEmpty());
        assertFalse(unterminated.problems().get(0).contains("never closed"), "a problem never quotes the file");

        String big = "X = [" + String.join(",", java.util.Collections.nCopies(10_000, "'h'")) + "]";
        assertEquals(10_000, ((List<?>) known(big, "X", NO_ENV)).size());

        PythonSettings shared = PythonSettings.parse("A = ['x'] * 10000\nB = [A] * 10000\nC = [B] * 10000\nD = C == C\nE = 1\n");
        assertEquals(10_000, ((List<?>) ((Known) shared.value("A", NO_ENV)).value()).size());
        assertEquals(new Unknown("a value of more than 20000 entries in all"), shared.value("B", NO_ENV),
                "ten thousand references to one list are a hundred million entries to walk");
        assertEquals(new Known(1L), shared.value("E", NO_ENV));

        String dict = "X = " + "{'a': ".repeat(40) + "1" + "}".repeat(40);
        assertInstanceOf(Known.class, PythonSettings.parse(dict).value("X", NO_ENV));
        String tooDeepDict = "X = " + "{'a': ".repeat(200) + "1" + "}".repeat(200) + "\nY = 2";
        assertEquals(new Unknown("nested too deeply"), PythonSettings.parse(tooDeepDict).value("X", NO_ENV));
        assertEquals(new Known(2L), PythonSettings.parse(tooDeepDict).value("Y", NO_ENV));
        assertEquals(new Known(1L), PythonSettings.parse("\tX = 1\nX = 1\n\fY = 2").value("X", NO_ENV));
    }

    @Test
    void noUnknownEverQuotesAStringOfTheFile() {
        String secret = "s3cr3t-value-planted";
        String[] files = {"X = get('" + secret + "')", "X = f'" + secret + "'", "X = {'" + secret + "': 1}['nope']",
                "X = int('" + secret + "')", "X = '" + secret + "'.frobnicate()", "import os\nX = os.environ['" + secret + "-k']"};
        for (String f : files) {
            PythonSettings.Value v = PythonSettings.parse(f).value("X", env(false));
            assertTrue(v instanceof Known || !((Unknown) v).why().contains("s3cr3t"), f + " -> " + v);
        }
        assertTrue(Arrays.stream(files).allMatch(f -> PythonSettings.parse(f).problems().stream().noneMatch(p -> p.contains("s3cr3t"))));
    }
}
