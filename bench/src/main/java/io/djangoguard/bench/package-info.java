/** The benchmark suite (bench/README.md): built with the tests, never packaged. */
package io.djangoguard.bench;
