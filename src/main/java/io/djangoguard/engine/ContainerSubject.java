package io.djangoguard.engine;

import java.util.List;

import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.settings.Settings;
import io.djangoguard.workload.CommandLine;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;

/** A container (init or regular) that runs Django. */
public final class ContainerSubject extends Subject {

    private final Container container;
    private final List<Volume> volumes;
    private final CommandLine commandLine;
    private final ConfigMapLookup configMaps;

    public ContainerSubject(ObjectRef object, Container container, boolean init, String path, Settings settings,
            List<Volume> volumes, CommandLine commandLine, ConfigMapLookup configMaps) {
        super(object, (init ? "init container \"" : "container \"") + container.getName() + "\"", path, settings);
        this.container = container;
        this.volumes = volumes == null ? List.of() : volumes;
        this.commandLine = commandLine;
        this.configMaps = configMaps;
    }

    /** Where the ConfigMaps the pod mounts are found (the request, then the cluster). */
    public ConfigMapLookup configMaps() {
        return configMaps;
    }

    public Container container() {
        return container;
    }

    /** The pod's volumes, to tell what backs a mount. */
    public List<Volume> volumes() {
        return volumes;
    }

    public CommandLine commandLine() {
        return commandLine;
    }

    @Override
    public String containerName() {
        return container.getName();
    }
}
