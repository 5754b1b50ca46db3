package io.djangoguard.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;

import io.djangoguard.settings.ConfigMapLookup;
import io.djangoguard.settings.Dotenv;
import io.djangoguard.settings.Environment;
import io.djangoguard.settings.Preset;
import io.djangoguard.settings.Presets;
import io.djangoguard.settings.Settings;
import io.djangoguard.settings.DjangoSetting;
import io.djangoguard.settings.DjangoVersion;
import io.djangoguard.settings.SettingValue;
import io.djangoguard.settings.SettingsFiles;
import io.djangoguard.settings.Source;
import io.djangoguard.workload.CommandLine;
import io.djangoguard.workload.PodSpecs;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;

/**
 * The one place objects are judged: finds the Django containers and ConfigMaps in an object,
 * reads their settings, runs every enabled rule and turns the findings into a verdict. Pure
 * computation: no I/O, no blocking, safe on the event loop.
 */
public final class Engine {

    private final Policy policy;
    private final List<Rule> rules;
    /** Every rule of the catalog, enabled or not: what an exemption may name. */
    private final Map<String, Rule> catalogById;
    /** The rule that reports an exemption that cannot be honoured; null in a catalog without it. */
    private final Rule invalidExemption;

    public Engine(Policy policy, List<Rule> catalog) {
        this.policy = policy;
        Map<String, Rule> byId = new java.util.HashMap<>();
        for (Rule r : catalog) {
            byId.put(r.id(), r);
        }
        this.catalogById = Map.copyOf(byId);
        this.invalidExemption = byId.get(Exemptions.INVALID);
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
            Profile defaultProfile, ConfigMapUsers configMapUsers, Map<String, String> djangoSources) {

        public Context(String defaultNamespace, ConfigMapLookup configMaps, NamespaceProfiles namespaces,
                Profile defaultProfile, ConfigMapUsers configMapUsers) {
            this(defaultNamespace, configMaps, namespaces, defaultProfile, configMapUsers, Map.of());
        }

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
                    namespaces, defaultProfile, configMapUsers, djangoSources);
        }

        private Context withNamespaces(NamespaceProfiles written) {
            return written == namespaces ? this
                    : new Context(defaultNamespace, configMaps, written, defaultProfile, configMapUsers, djangoSources);
        }

        private Context withConfigMaps(ConfigMapLookup lookup) {
            return new Context(defaultNamespace, lookup, namespaces, defaultProfile, configMapUsers, djangoSources);
        }

        /** This context knowing which ConfigMaps and Secrets Django containers of other objects read. */
        private Context withDjangoSources(Map<String, String> sources) {
            return new Context(defaultNamespace, configMaps, namespaces, defaultProfile, configMapUsers, sources);
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
                RequestConfigMaps.of(objects, context.defaultNamespace(), context.configMaps()))
                .withNamespaces(RequestNamespaces.of(objects, context.namespaces()));
        List<ObjectResult> results = new ArrayList<>(objects.size());
        for (HasMetadata o : objects) {
            checkpoint.run();
            results.add(judge(o, together));
        }
        // A worker Deployment of the same release reading the web Deployment's ConfigMap is Django too: judge again
        // the objects with a container that was not taken for Django and reads what a Django container reads.
        Map<String, String> djangoSources = djangoSources(objects, results);
        if (!djangoSources.isEmpty()) {
            Context knowing = together.withDjangoSources(djangoSources);
            for (int i = 0; i < objects.size(); i++) {
                HasMetadata o = objects.get(i);
                boolean secretOfDjango = o instanceof Secret && readBy(djangoSources, results.get(i).object().namespace(),
                        "Secret \"" + results.get(i).object().name() + "\"") != null;
                if (secretOfDjango || readsDjangoSourceUnrecognised(o, results.get(i), djangoSources)) {
                    checkpoint.run();
                    results.set(i, judge(objects.get(i), knowing));
                }
            }
        }
        return results;
    }

    /**
     * Which Django container reads {@code source} in the namespace; for an object written with no namespace (it goes
     * where the apply goes), one in any namespace.
     */
    private static String readBy(Map<String, String> sources, String namespace, String source) {
        if (namespace != null) {
            return sources.get(namespace + "|" + source);
        }
        for (Map.Entry<String, String> e : sources.entrySet()) {
            if (e.getKey().endsWith("|" + source)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** namespace|{@code ConfigMap "x"} → which Django container reads it, over every object judged together. */
    private static Map<String, String> djangoSources(List<? extends HasMetadata> objects, List<ObjectResult> results) {
        Map<String, String> sources = new java.util.HashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            ObjectResult r = results.get(i);
            if (r.django().isEmpty()) {
                continue;
            }
            for (Container c : containersOf(objects.get(i))) {
                if (r.django().stream().anyMatch(d -> d.container().equals(c.getName()))) {
                    for (String source : Recognition.configurationSources(c)) {
                        sources.putIfAbsent(r.object().namespace() + "|" + source,
                                "container \"" + c.getName() + "\" of " + r.object().describe());
                    }
                }
            }
        }
        return sources;
    }

    private static boolean readsDjangoSourceUnrecognised(HasMetadata object, ObjectResult r, Map<String, String> sources) {
        if (r.verdict() == Verdict.SKIPPED) {
            return false;
        }
        for (Container c : containersOf(object)) {
            boolean recognised = r.django().stream().anyMatch(d -> d.container().equals(c.getName()));
            if (!recognised && Recognition.configurationSources(c).stream().anyMatch(s -> sources.containsKey(r.object().namespace() + "|" + s))) {
                return true;
            }
        }
        return false;
    }

    private static List<Container> containersOf(HasMetadata object) {
        List<Container> all = new ArrayList<>();
        for (PodSpecs.At at : PodSpecs.all(object)) {
            if (at.spec().getInitContainers() != null) {
                all.addAll(at.spec().getInitContainers());
            }
            if (at.spec().getContainers() != null) {
                all.addAll(at.spec().getContainers());
            }
        }
        return all;
    }

    /**
     * Judges what a change writes. On UPDATE, with {@code ratchet-updates}, a breach the old object
     * already had is let through as a warning ({@link Ratchet}). A ConfigMap change is also judged by
     * what it does to the workloads that read it ({@link Context#configMapUsers()}): a bare
     * {@code DEBUG=True} is harmless alone but breaks a Deployment that loads it with prefix DJANGO_.
     * Only breaches the change brings count there; the workloads' own are theirs.
     */
    public ObjectResult judge(Change change, Context context) {
        ObjectResult result = judgeUnderPolicy(change, context);
        return result.withEnforcement(enforcementOf(result.object().namespace(), context));
    }

    private ObjectResult judgeUnderPolicy(Change change, Context context) {
        ObjectResult result = judge(change.object(), context, true);
        if (change.operation() == Change.Operation.UPDATE && change.old() != null && policy.ratchetUpdates()) {
            result = Ratchet.grandfather(result, judge(change.old(), context, true));
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
        return new ObjectResult(ref, own.profile(), findings, own.django());
    }

    /** Judges an object of a manifest or of the cluster as it is. */
    public ObjectResult judge(HasMetadata object, Context context) {
        ObjectResult result = judge(object, context, false);
        return result.withEnforcement(enforcementOf(result.object().namespace(), context));
    }

    /** The namespace's rollout mode ({@link Enforcement#KEY}), else configuration's. */
    private Enforcement enforcementOf(String namespace, Context context) {
        Enforcement e = namespace == null ? null : Enforcement.fromId(context.namespaces().valueOf(namespace, Enforcement.KEY));
        return e != null ? e : policy.enforcement();
    }

    /** The object's own exemptions (annotations only: a label cannot carry a reason) and its namespace's. */
    private List<Finding> exempted(List<Finding> findings, HasMetadata object, String namespace, Context context) {
        ObjectMeta meta = object.getMetadata();
        Map<String, String> annotations = meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        Exemptions.Read own = Exemptions.read(annotations::get, "the object's", "the object", policy, catalogById::get);
        Exemptions.Read ofNamespace = namespace == null ? new Exemptions.Read(Map.of(), List.of())
                : Exemptions.read(key -> context.namespaces().valueOf(namespace, key), "namespace \"" + namespace + "\"'s",
                        "namespace \"" + namespace + "\"", policy, catalogById::get);
        return Exemptions.apply(findings, own, ofNamespace, invalidExemption, policy);
    }

    /** {@code admitted}: the object is being written to the API, not read from a repository's files. */
    private ObjectResult judge(HasMetadata object, Context context, boolean admitted) {
        ObjectRef ref = ObjectRef.of(object, context.defaultNamespace());
        List<Subject> subjects;
        List<Recognition> recognised = new ArrayList<>(2);
        Profile profile = profileOf(object, ref.namespace(), context);
        VersionChoice versions = versionOf(object, ref.namespace(), context);
        DjangoVersion version = versions.forPreset(null);
        if (object instanceof ConfigMap cm) {
            subjects = configMapSubjects(cm, ref, version);
        } else if (object instanceof Secret secret) {
            String readBy = readBy(context.djangoSources(), ref.namespace(), "Secret \"" + ref.name() + "\"");
            subjects = secretSubjects(secret, ref, readBy != null, admitted, version);
            if (subjects.isEmpty()) {
                return ObjectResult.skipped(ref, "a Secret with no Django setting in it, read by no Django container");
            }
        } else {
            List<PodSpecs.At> specs = PodSpecs.all(object);
            if (specs.isEmpty()) {
                return ObjectResult.skipped(ref, PodSpecs.whyNotJudged(object, ObjectResult.NOT_JUDGED));
            }
            subjects = new ArrayList<>(2);
            boolean batch = object.getKind() != null && (object.getKind().equals("Job") || object.getKind().equals("CronJob"));
            Preset named = namedPreset(object);
            for (PodSpecs.At at : specs) {
                addContainerSubjects(subjects, recognised, at, ref, profile == Profile.STRICT, context.configMaps(), batch, named,
                        context.djangoSources(), versions);
            }
        }
        Findings findings = new Findings(policy);
        for (Subject s : subjects) {
            // the declared profile judges cookies, redirects and HSTS where HTTP is served; strict, as check --deploy, everywhere
            boolean worker = profile == Profile.DECLARED && s instanceof ContainerSubject c && c.role() == Recognition.Role.WORKER;
            for (Rule rule : rules) {
                if (!(worker && rule.concernsWebOnly())) {
                    rule.check(s, findings);
                }
            }
        }
        return new ObjectResult(ref, profile, exempted(findings.list(), object, ref.namespace(), context), List.copyOf(recognised));
    }

    /**
     * The preset the object's {@code django-guard.io/app} annotation names, or null (the containers' images choose).
     * A name no preset has is ignored here; its absence from the evidence shows it.
     */
    private Preset namedPreset(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        String id = meta == null || meta.getAnnotations() == null ? null : meta.getAnnotations().get(Presets.ANNOTATION);
        return id == null ? null : policy.presets().byId(id);
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

    /**
     * Which Django reads the values: the object's own annotation (or label); else, for an application with a preset, the
     * Django its release ships; else the namespace's annotation (or label); else configuration.
     */
    record VersionChoice(DjangoVersion object, DjangoVersion otherwise) {
        DjangoVersion forPreset(Preset preset) {
            if (object != null) {
                return object;
            }
            return preset != null && preset.djangoVersion() != null ? preset.djangoVersion() : otherwise;
        }
    }

    VersionChoice versionOf(HasMetadata object, String namespace, Context context) {
        DjangoVersion own = null;
        ObjectMeta meta = object.getMetadata();
        if (meta != null) {
            for (Map<String, String> m : java.util.Arrays.asList(meta.getAnnotations(), meta.getLabels())) {
                DjangoVersion v = m == null ? null : DjangoVersion.fromId(m.get(DjangoVersion.KEY));
                if (v != null) {
                    own = v;
                    break;
                }
            }
        }
        DjangoVersion ofNamespace = namespace == null ? null : context.namespaces().versionOf(namespace);
        return new VersionChoice(own, ofNamespace != null ? ofNamespace : policy.djangoVersion());
    }

    private static Profile fromMap(Map<String, String> m) {
        return m == null ? null : Profile.fromId(m.get(Profile.KEY));
    }

    /**
     * The Django containers of one pod spec, init containers first. A container is Django on evidence of its own
     * ({@link Recognition#ownEvidence}), or when it reads its variables from a ConfigMap or Secret that a Django
     * container of the same pod reads (a worker beside the web container, sharing its settings).
     */
    private void addContainerSubjects(List<Subject> into, List<Recognition> recognised, PodSpecs.At at, ObjectRef ref,
            boolean strict, ConfigMapLookup lookup, boolean batch, Preset named, Map<String, String> otherObjects,
            VersionChoice version) {
        PodSpec spec = at.spec();
        List<Candidate> candidates = new ArrayList<>(2);
        addCandidates(candidates, spec.getInitContainers(), true, at.path() + ".initContainers", spec, ref, strict, lookup, named, version);
        addCandidates(candidates, spec.getContainers(), false, at.path() + ".containers", spec, ref, strict, lookup, named, version);
        Map<String, String> sourcesOfDjango = new java.util.HashMap<>();
        for (Candidate k : candidates) {
            if (!k.evidence.isEmpty()) {
                for (String source : Recognition.configurationSources(k.container)) {
                    sourcesOfDjango.putIfAbsent(source, k.name);
                }
            }
        }
        for (Candidate k : candidates) {
            if (k.evidence.isEmpty() && Recognition.mayBeDjango(k.container, k.cmd)) {
                for (String source : Recognition.configurationSources(k.container)) {
                    String django = sourcesOfDjango.get(source);
                    String elsewhere = otherObjects.get(ref.namespace() + "|" + source);
                    if (django != null) {
                        k.evidence.add("reads " + source + " as Django container \"" + django + "\" does");
                        break;
                    } else if (elsewhere != null) {
                        k.evidence.add("reads " + source + " as Django " + elsewhere + " does");
                        break;
                    }
                }
            }
            if (k.evidence.isEmpty()) {
                continue;
            }
            Recognition.RoleFound role = Recognition.role(k.container, k.cmd, k.init, batch);
            List<String> evidence = new ArrayList<>(k.evidence);
            evidence.add(role.role().id() + ": " + role.why());
            recognised.add(new Recognition(k.name, role.role(), List.copyOf(evidence)));
            into.add(new ContainerSubject(ref, k.name, k.init, k.path, k.settings, k.cmd, role.role()));
        }
    }

    /** A container of a pod spec, read, before it is known to be Django. */
    private record Candidate(Container container, String name, boolean init, String path, Settings settings, CommandLine cmd,
            List<String> evidence) {
    }

    private void addCandidates(List<Candidate> into, List<Container> containers, boolean init, String path,
            PodSpec spec, ObjectRef ref, boolean strict, ConfigMapLookup lookup, Preset named, VersionChoice version) {
        if (containers == null) {
            return;
        }
        for (int i = 0; i < containers.size(); i++) {
            Container c = containers.get(i);
            String at = path + "[" + i + "]";
            Preset preset = named != null ? named : policy.presets().forImage(c.getImage());
            Settings settings = Settings.ofContainer(c, at, spec.getVolumes(), ref.namespace(), lookup,
                    policy.aliases(), strict, preset).readBy(version.forPreset(preset));
            CommandLine cmd = CommandLine.of(c);
            // a Knative Service's single container may have no name: say which it is
            String name = c.getName() == null ? "#" + i : c.getName();
            List<String> evidence = new ArrayList<>(Recognition.ownEvidence(c, cmd, settings.environment(), policy.aliases(), policy.presets()));
            if (Recognition.mayBeDjango(c, cmd)) {
                for (String file : settings.mountedSettingsFiles()) {
                    evidence.add("mounts Django settings: " + file);
                }
            }
            if (preset != null && !evidence.isEmpty()) {
                evidence.add("read as " + preset.name() + " reads its settings (preset " + preset.id()
                        + (named != null ? ", named by " + Presets.ANNOTATION : ", by its image") + ")");
            }
            into.add(new Candidate(c, name, init, at, settings, cmd, evidence));
        }
    }

    /**
     * A Secret manifest (an audit's; Secrets are never read from the cluster) or a Secret being written (where the
     * webhook is registered for Secrets) is judged like a ConfigMap when it holds Django settings, or when a Django container of the request reads it. Its keys are taken in the
     * spellings people give Secret keys: {@code secret-key}, {@code django-secret-key} and {@code secret_key} are
     * SECRET_KEY and DJANGO_SECRET_KEY to it.
     */
    private List<Subject> secretSubjects(Secret secret, ObjectRef ref, boolean readByDjango, boolean admitted,
            DjangoVersion version) {
        if (!readByDjango && !SecretData.mayHoldDjangoSettings(secret)) {
            return List.of(); // decided by the key names alone: a TLS Secret or Helm's release record is never decoded
        }
        Map<String, String> data = SecretData.of(secret);
        if (data.isEmpty()) {
            return List.of();
        }
        Environment env = new Environment();
        Map<String, String> annotations = secret.getMetadata() == null ? null : secret.getMetadata().getAnnotations();
        List<String> generated = annotations == null || annotations.get(SecretSubject.GENERATED_KEYS) == null ? List.of()
                : List.of(annotations.get(SecretSubject.GENERATED_KEYS).split(","));
        for (Map.Entry<String, String> e : data.entrySet()) {
            String name = SecretData.normalName(e.getKey());
            boolean made = generated.contains(e.getKey());
            env.put(name, e.getValue(), new Source(made ? Source.Kind.SECRET_GENERATED : Source.Kind.SECRET_DATA,
                    "data key \"" + e.getKey() + "\"" + (made ? " (generated by the chart at each install)" : ""),
                    "data." + e.getKey(), ref.name()));
        }
        boolean django = readByDjango || env.mentionsDjango()
                || env.get("SECRET_KEY") != null && (env.get("ALLOWED_HOSTS") != null || env.get("DEBUG") != null);
        return django ? List.of(new SecretSubject(ref, new Settings(env, policy.aliases(), false).readBy(version), !admitted))
                : List.of();
    }

    /**
     * A ConfigMap is only part of an environment: it is judged on what it declares, never by defaults. A settings file
     * in it (settings.py, an application's YAML) is judged alone here, its reads of the environment unknown; a Django
     * container that mounts it is judged with them resolved.
     */
    private List<Subject> configMapSubjects(ConfigMap cm, ObjectRef ref, DjangoVersion version) {
        Map<String, String> data = cm.getData();
        if (data == null || data.isEmpty()) {
            return List.of();
        }
        Environment env = new Environment();
        Map<DjangoSetting, SettingValue> files = new EnumMap<>(DjangoSetting.class);
        Map<DjangoSetting, SettingValue> fileValues;
        for (Map.Entry<String, String> e : data.entrySet()) {
            String key = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue();
            String where = "data key \"" + key + "\"";
            if (Dotenv.isDotenvKey(key)) {
                for (Dotenv.Line line : Dotenv.parse(value)) {
                    env.put(line.name(), line.value(), new Source(Source.Kind.DOTENV_LINE,
                            where + " line " + line.number() + " " + line.name(), "data[" + key + "]", ref.name()));
                }
            } else if ((fileValues = SettingsFiles.fileValues(key, value, where, "data[" + key + "]", ref.name(), null)) != null) {
                files.putAll(fileValues);
            } else {
                env.put(key, value, new Source(Source.Kind.CONFIG_MAP_DATA, "data key " + key, "data." + key, ref.name()));
            }
        }
        if (!env.mentionsDjango() && files.isEmpty()) {
            return List.of();
        }
        Settings settings = new Settings(env, policy.aliases(), false);
        return List.of(new ConfigMapSubject(ref, (files.isEmpty() ? settings : settings.withFiles(files)).readBy(version)));
    }
}
