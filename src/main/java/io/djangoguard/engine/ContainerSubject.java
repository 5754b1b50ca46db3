package io.djangoguard.engine;

import io.djangoguard.settings.Settings;
import io.djangoguard.workload.CommandLine;

/** A container (init or regular) that runs Django: its settings, and the command it runs. */
public final class ContainerSubject extends Subject {

    private final String name;
    private final CommandLine commandLine;
    private final Recognition.Role role;

    public ContainerSubject(ObjectRef object, String name, boolean init, String path, Settings settings,
            CommandLine commandLine, Recognition.Role role) {
        super(object, (init ? "init container \"" : "container \"") + name + "\"", path, settings);
        this.name = name;
        this.commandLine = commandLine;
        this.role = role;
    }

    /** Web (serves HTTP) or worker: see {@link Recognition#role}. */
    public Recognition.Role role() {
        return role;
    }

    public CommandLine commandLine() {
        return commandLine;
    }

    @Override
    public String containerName() {
        return name;
    }
}
