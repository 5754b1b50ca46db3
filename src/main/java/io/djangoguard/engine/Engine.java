package io.djangoguard.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.settings.Dotenv;
import io.djangoguard.settings.Environment;
import io.djangoguard.settings.Settings;
import io.djangoguard.settings.Source;
import io.djangoguard.workload.CommandLine;
import io.djangoguard.workload.PodSpecs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * The one place objects are judged: finds the Django containers and ConfigMaps in an object,
 * reads their settings, runs every enabled rule and turns the findings into a verdict. Pure
 * computation: no I/O, no blocking, safe on the event loop.
 */
public final class Engine {

    private final Policy policy;
    private final List<Rule> rules;

    public Engine(Policy policy, List<Rule> catalog) {
        this.policy = policy;
        List<Rule> enabled = new ArrayList<>(catalog.size());
        for (Rule r : catalog) {
            if (r.kind() == Finding.Kind.ERROR && policy.severityOf(r) == Severity.OFF) {
                // configuration refuses this at start (EngineFactory); a hand-built policy must not either
                throw new IllegalArgumentException(r.id() + " reports what could not be evaluated: it may be deny or warn, not off");
            }
            if (policy.severityOf(r) != Severity.OFF) {
                enabled.add(r);
            }
        }
        this.rules = List.copyOf(enabled);
    }

    public Policy policy() {
        return policy;
    }

    /**
     * What an object is judged with besides itself: the namespace of objects that name none, where
     * referenced ConfigMaps are found, namespaces' profiles, a profile replacing the configured
     * default (null: keep it), and who reads a ConfigMap (to judge a change to one).
     */
    public record Context(String defaultNamespace, ConfigMapLookup configMaps, NamespaceProfiles namespaces,
            Profile defaultProfile, ConfigMapUsers configMapUsers) {

        public Context(String defaultNamespace, ConfigMapLookup configMaps, NamespaceProfiles namespaces,
                Profile defaultProfile) {
            this(defaultNamespace, configMaps, namespaces, defaultProfile, ConfigMapUsers.NONE);
        }

        public Context(String defaultNamespace, ConfigMapLookup configMaps, NamespaceProfiles namespaces) {
            this(defaultNamespace, configMaps, namespaces, null);
        }

        /** This context with one ConfigMap as it is after (or before) a change: {@code data} null means absent then. */
        public Context withConfigMap(ObjectRef configMap, Map<String, String> data) {
            return new Context(defaultNamespace, configMaps.with(configMap.namespace(), configMap.name(), data),
                    namespaces, defaultProfile, configMapUsers);
        }

        private Context withConfigMaps(ConfigMapLookup lookup) {
            return new Context(defaultNamespace, lookup, namespaces, defaultProfile, configMapUsers);
        }

        public static Context alone(String defaultNamespace) {
            return new Context(defaultNamespace, ConfigMapLookup.NONE, NamespaceProfiles.NONE);
        }

        /**
         * Manifests audited together with no cluster: what they reference but do not contain is missing.
         * {@code profile} replaces the configured default (null keeps it).
         */
        public static Context manifestsOnly(Profile profile) {
            return new Context(null, ConfigMapLookup.missingFrom("in the audited manifests"), NamespaceProfiles.NONE,
                    profile);
        }
    }

    /**
     * Judges many objects sent together: references between them are resolved against each other
     * first, then against {@code context.configMaps()}. Results keep the order of {@code objects}.
     */
    public List<ObjectResult> judgeAll(List<? extends HasMetadata> objects, Context context) {
        return judgeAll(objects, context, NO_CHECKPOINT);
    }

    private static final Runnable NO_CHECKPOINT = () -> { };

    /**
     * As {@link #judgeAll(List, Context)}, calling {@code checkpoint} before each object: a caller with a time budget
     * (the audit) stops a long judgment there by throwing.
     */
    public List<ObjectResult> judgeAll(List<? extends HasMetadata> objects, Context context, Runnable checkpoint) {
        Context together = context.withConfigMaps(
                RequestConfigMaps.of(objects, context.defaultNamespace(), context.configMaps()));
        List<ObjectResult> results = new ArrayList<>(objects.size());
        for (HasMetadata o : objects) {
            checkpoint.run();
            results.add(judge(o, together));
        }
        return results;
    }

    /**
     * Judges what a change writes. On UPDATE, with {@code ratchet-updates}, a breach the old object
     * already had is let through as a warning ({@link Ratchet}). A ConfigMap change is also judged by
     * what it does to the workloads that read it ({@link Context#configMapUsers()}): a bare
     * {@code DEBUG=True} is harmless alone but breaks a Deployment that loads it with prefix DJANGO_.
     * Only breaches the change brings count there; the workloads' own are theirs.
     */
    public ObjectResult judge(Change change, Context context) {
        ObjectResult result = judge(change.object(), context);
        if (change.operation() == Change.Operation.UPDATE && change.old() != null && policy.ratchetUpdates()) {
            result = Ratchet.grandfather(result, judge(change.old(), context));
        }
        if (change.object() instanceof ConfigMap cm && result.verdict() != Verdict.SKIPPED) {
            result = withWorkloadsUsing(cm, change.old() instanceof ConfigMap old ? old : null, result, context);
        }
        return result;
    }

    private ObjectResult withWorkloadsUsing(ConfigMap cm, ConfigMap old, ObjectResult own, Context context) {
        ObjectRef ref = own.object();
        List<HasMetadata> users = context.configMapUsers().of(ref.namespace(), ref.name());
        if (users.isEmpty()) {
            return own;
        }
        Map<String, String> after = cm.getData() == null ? Map.of() : cm.getData();
        Map<String, String> before = old == null ? null : old.getData() == null ? Map.of() : old.getData();
        List<Finding> findings = new ArrayList<>(own.findings());
        for (HasMetadata workload : users) {
            ObjectResult withChange = judge(workload, context.withConfigMap(ref, after));
            ObjectResult withoutChange = judge(workload, context.withConfigMap(ref, before));
            String who = withChange.object().describe() + " ";
            for (Finding f : Ratchet.introduced(withChange, withoutChange)) {
                findings.add(f.about(who + f.subject()));
            }
        }
        return new ObjectResult(ref, own.profile(), findings);
    }

    public ObjectResult judge(HasMetadata object, Context context) {
        ObjectRef ref = ObjectRef.of(object, context.defaultNamespace());
        List<Subject> subjects;
        Profile profile = profileOf(object, ref.namespace(), context);
        if (object instanceof ConfigMap cm) {
            subjects = configMapSubjects(cm, ref);
        } else {
            List<PodSpecs.At> specs = PodSpecs.all(object);
            if (specs.isEmpty()) {
                return ObjectResult.skipped(ref, PodSpecs.whyNotJudged(object, ObjectResult.NOT_JUDGED));
            }
            subjects = new ArrayList<>(2);
            for (PodSpecs.At at : specs) {
                addContainerSubjects(subjects, at, ref, profile == Profile.STRICT, context.configMaps());
            }
        }
        Findings findings = new Findings(policy);
        for (Subject s : subjects) {
            for (Rule rule : rules) {
                rule.check(s, findings);
            }
        }
        return new ObjectResult(ref, profile, findings.list());
    }

    /** The object's own annotation, then its label, then its namespace's, then configuration. */
    Profile profileOf(HasMetadata object, String namespace, Context context) {
        ObjectMeta meta = object.getMetadata();
        if (meta != null) {
            Profile p = fromMap(meta.getAnnotations());
            if (p == null) {
                p = fromMap(meta.getLabels());
            }
            if (p != null) {
                return p;
            }
        }
        Profile p = namespace == null ? null : context.namespaces().profileOf(namespace);
        if (p != null) {
            return p;
        }
        return context.defaultProfile() != null ? context.defaultProfile() : policy.defaultProfile();
    }

    private static Profile fromMap(Map<String, String> m) {
        return m == null ? null : Profile.fromId(m.get(Profile.KEY));
    }

    private void addContainerSubjects(List<Subject> into, PodSpecs.At at, ObjectRef ref, boolean strict,
            ConfigMapLookup lookup) {
        PodSpec spec = at.spec();
        addContainers(into, spec.getInitContainers(), true, at.path() + ".initContainers", spec, ref, strict, lookup);
        addContainers(into, spec.getContainers(), false, at.path() + ".containers", spec, ref, strict, lookup);
    }

    private void addContainers(List<Subject> into, List<Container> containers, boolean init, String path,
            PodSpec spec, ObjectRef ref, boolean strict, ConfigMapLookup lookup) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String at = path + "[" + i + "]";
            Settings settings = Settings.ofContainer(c, at, spec.getVolumes(), ref.namespace(), lookup,
                    policy.aliases(), strict);
            CommandLine cmd = CommandLine.of(c);
            if (settings.environment().mentionsDjango() || cmd.runsDjango()) {
                // a Knative Service's single container may have no name: say which it is
                into.add(new ContainerSubject(ref, c.getName() == null ? "#" + i : c.getName(), init, at, settings, cmd));
            }
        }
    }

    /** A ConfigMap is only part of an environment: it is judged on what it declares, never by defaults. */
    private List<Subject> configMapSubjects(ConfigMap cm, ObjectRef ref) {
        Map<String, String> data = cm.getData();
        if (data == null || data.isEmpty()) {
            return List.of();
        }
        Environment env = new Environment();
        for (Map.Entry<String, String> e : data.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            if (Dotenv.isDotenvKey(key)) {
                for (Dotenv.Line line : Dotenv.parse(value)) {
                    env.put(line.name(), line.value(), new Source(Source.Kind.DOTENV_LINE,
                            "data key \"" + key + "\" line " + line.number() + " " + line.name(),
                            "data[" + key + "]", ref.name()));
                }
            } else {
                env.put(key, value, new Source(Source.Kind.CONFIG_MAP_DATA, "data key " + key, "data." + key, ref.name()));
            }
        }
        if (!env.mentionsDjango()) {
            return List.of();
        }
        return List.of(new ConfigMapSubject(ref, new Settings(env, policy.aliases(), false)));
    }
}
