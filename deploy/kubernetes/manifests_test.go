// Package kubernetes_test checks the Kubernetes manifests teams apply: what
// a cluster needs to run ddgbot safely (probes, resources, a non-root
// read-only container), and that the settings and answers they mount are
// ones the binary accepts.
package kubernetes_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/rueidis"
	"go.yaml.in/yaml/v3"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// object is the part of a Kubernetes object the checks read.
type object struct {
	APIVersion string            `yaml:"apiVersion"`
	Kind       string            `yaml:"kind"`
	Metadata   metadata          `yaml:"metadata"`
	Spec       spec              `yaml:"spec"`
	Data       map[string]string `yaml:"data"`
	StringData map[string]string `yaml:"stringData"`
	Resources  []string          `yaml:"resources"` // kustomization
}

type metadata struct {
	Name   string            `yaml:"name"`
	Labels map[string]string `yaml:"labels"`
}

type spec struct {
	Replicas int `yaml:"replicas"`
	Strategy struct {
		Type string `yaml:"type"`
	} `yaml:"strategy"`
	AccessModes []string `yaml:"accessModes"` // PersistentVolumeClaim
	Selector    struct {
		MatchLabels map[string]string `yaml:"matchLabels"`
	} `yaml:"selector"`
	Template struct {
		Metadata metadata `yaml:"metadata"`
		Spec     podSpec  `yaml:"spec"`
	} `yaml:"template"`
	// Service
	ServiceSelector map[string]string `yaml:"-"`
	Ports           []struct {
		Name       string `yaml:"name"`
		Port       int    `yaml:"port"`
		TargetPort string `yaml:"targetPort"`
	} `yaml:"ports"`
}

// UnmarshalYAML reads a Service's selector (a plain map) and a
// Deployment's (matchLabels) from the one "selector" key.
func (s *spec) UnmarshalYAML(n *yaml.Node) error {
	type plain spec
	if err := n.Decode((*plain)(s)); err != nil {
		return err
	}
	var raw struct {
		Selector map[string]any `yaml:"selector"`
	}
	if err := n.Decode(&raw); err != nil {
		return err
	}
	if _, ok := raw.Selector["matchLabels"]; !ok && raw.Selector != nil {
		s.ServiceSelector = map[string]string{}
		for k, v := range raw.Selector {
			s.ServiceSelector[k], _ = v.(string)
		}
	}
	return nil
}

type podSpec struct {
	SecurityContext               securityContext `yaml:"securityContext"`
	TerminationGracePeriodSeconds int             `yaml:"terminationGracePeriodSeconds"`
	AutomountServiceAccountToken  *bool           `yaml:"automountServiceAccountToken"`
	Containers                    []container     `yaml:"containers"`
	Volumes                       []struct {
		Name      string `yaml:"name"`
		ConfigMap *struct {
			Name  string `yaml:"name"`
			Items []struct {
				Key  string `yaml:"key"`
				Path string `yaml:"path"`
			} `yaml:"items"`
		} `yaml:"configMap"`
		EmptyDir              *struct{} `yaml:"emptyDir"`
		PersistentVolumeClaim *struct {
			ClaimName string `yaml:"claimName"`
		} `yaml:"persistentVolumeClaim"`
	} `yaml:"volumes"`
}

type securityContext struct {
	RunAsNonRoot             *bool `yaml:"runAsNonRoot"`
	RunAsUser                *int  `yaml:"runAsUser"`
	ReadOnlyRootFilesystem   *bool `yaml:"readOnlyRootFilesystem"`
	AllowPrivilegeEscalation *bool `yaml:"allowPrivilegeEscalation"`
	Capabilities             struct {
		Drop []string `yaml:"drop"`
	} `yaml:"capabilities"`
}

type container struct {
	Name    string   `yaml:"name"`
	Image   string   `yaml:"image"`
	Command []string `yaml:"command"`
	Args    []string `yaml:"args"`
	Ports   []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	Env            []envVar `yaml:"env"`
	LivenessProbe  *probe   `yaml:"livenessProbe"`
	ReadinessProbe *probe   `yaml:"readinessProbe"`
	Resources      struct {
		Requests map[string]string `yaml:"requests"`
		Limits   map[string]string `yaml:"limits"`
	} `yaml:"resources"`
	SecurityContext securityContext `yaml:"securityContext"`
	VolumeMounts    []struct {
		Name      string `yaml:"name"`
		MountPath string `yaml:"mountPath"`
		SubPath   string `yaml:"subPath"`
		ReadOnly  bool   `yaml:"readOnly"`
	} `yaml:"volumeMounts"`
}

type envVar struct {
	Name      string `yaml:"name"`
	Value     string `yaml:"value"`
	ValueFrom *struct {
		SecretKeyRef *struct {
			Name string `yaml:"name"`
			Key  string `yaml:"key"`
		} `yaml:"secretKeyRef"`
	} `yaml:"valueFrom"`
}

type probe struct {
	HTTPGet *struct {
		Path string `yaml:"path"`
		Port string `yaml:"port"`
	} `yaml:"httpGet"`
	TCPSocket *struct {
		Port string `yaml:"port"`
	} `yaml:"tcpSocket"`
	Exec *struct {
		Command []string `yaml:"command"`
	} `yaml:"exec"`
}

// load reads every object of the YAML files in dir, by kind and name.
func load(t *testing.T, dir string) map[string]object {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no manifests in %s (%v)", dir, err)
	}
	objs := map[string]object{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		for {
			var o object
			if err := dec.Decode(&o); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if o.Kind == "" || o.APIVersion == "" {
				t.Fatalf("%s: an object without kind or apiVersion", f)
			}
			name := o.Metadata.Name
			if o.Kind == "Kustomization" {
				name = filepath.Base(f)
			}
			key := o.Kind + "/" + name
			if _, dup := objs[key]; dup {
				t.Fatalf("%s: %s defined twice", f, key)
			}
			objs[key] = o
		}
	}
	return objs
}

func get(t *testing.T, objs map[string]object, key string) object {
	t.Helper()
	o, ok := objs[key]
	if !ok {
		t.Fatalf("no %s among the manifests", key)
	}
	return o
}

// Ensure the kustomizations name only files that exist, and every
// manifest but the Secret's example.
func TestKustomizationsListTheManifests(t *testing.T) {
	for _, dir := range []string{".", "redis"} {
		k := get(t, load(t, dir), "Kustomization/kustomization.yaml")
		listed := map[string]bool{}
		for _, r := range k.Resources {
			if _, err := os.Stat(filepath.Join(dir, r)); err != nil {
				t.Errorf("%s/kustomization.yaml lists %s: %v", dir, r, err)
			}
			listed[r] = true
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.yaml"))
		for _, f := range files {
			b := filepath.Base(f)
			if !listed[b] && b != "kustomization.yaml" && b != "secret.example.yaml" {
				t.Errorf("%s/kustomization.yaml does not list %s", dir, b)
			}
		}
		if listed["secret.example.yaml"] {
			t.Errorf("%s/kustomization.yaml applies the Secret's example values", dir)
		}
	}
}

// Ensure the ddgbot Deployment has the probes, resources and security
// settings a cluster needs.
func TestDeployment(t *testing.T) {
	objs := load(t, ".")
	d := get(t, objs, "Deployment/ddgbot")
	pod := d.Spec.Template.Spec
	if len(pod.Containers) != 1 {
		t.Fatalf("want one container, got %d", len(pod.Containers))
	}
	c := pod.Containers[0]
	port := namedPort(t, c, "http")
	cfg := mountedConfig(t, objs, pod, c)
	if _, p, _ := net.SplitHostPort(cfg.Server.Addr); p != port {
		t.Errorf("container port %s, but server.addr %q", port, cfg.Server.Addr)
	}

	for _, p := range []struct {
		name  string
		probe *probe
		path  string
	}{{"livenessProbe", c.LivenessProbe, "/health"}, {"readinessProbe", c.ReadinessProbe, "/ready"}} {
		if p.probe == nil || p.probe.HTTPGet == nil {
			t.Errorf("%s: want an httpGet probe of %s", p.name, p.path)
			continue
		}
		if p.probe.HTTPGet.Path != p.path || p.probe.HTTPGet.Port != "http" {
			t.Errorf("%s: GET %s on port %s, want %s on http", p.name, p.probe.HTTPGet.Path, p.probe.HTTPGet.Port, p.path)
		}
	}
	checkResources(t, c)
	checkLockedDown(t, pod, c)
	if min := int(cfg.Server.ShutdownTimeout.Seconds()); pod.TerminationGracePeriodSeconds <= min {
		t.Errorf("terminationGracePeriodSeconds %d must exceed server.shutdown_timeout (%ds)", pod.TerminationGracePeriodSeconds, min)
	}
	if !equalLabels(d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels) {
		t.Errorf("selector %v does not select the pods' labels %v", d.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels)
	}

	s := get(t, objs, "Service/ddgbot")
	if !equalLabels(s.Spec.ServiceSelector, d.Spec.Template.Metadata.Labels) {
		t.Errorf("the Service selects %v, the pods are labelled %v", s.Spec.ServiceSelector, d.Spec.Template.Metadata.Labels)
	}
	if len(s.Spec.Ports) == 0 || s.Spec.Ports[0].TargetPort != "http" {
		t.Errorf("the Service does not target the container's http port: %+v", s.Spec.Ports)
	}
}

// Ensure the token and the secret come from the Secret, under names the
// binary reads, and never from the ConfigMap.
func TestSecretsFromSecret(t *testing.T) {
	objs := load(t, ".")
	c := get(t, objs, "Deployment/ddgbot").Spec.Template.Spec.Containers[0]
	secret := get(t, objs, "Secret/ddgbot-turn")
	fromSecret := map[string]bool{}
	for _, e := range c.Env {
		if _, err := config.Load(defaults(t), "", []string{e.Name + "=0123456789abcdef0123456789abcdef"}); err != nil && strings.Contains(err.Error(), e.Name) {
			t.Errorf("env %s is not a setting: %v", e.Name, err)
		}
		if e.ValueFrom == nil || e.ValueFrom.SecretKeyRef == nil {
			continue
		}
		ref := e.ValueFrom.SecretKeyRef
		if ref.Name != secret.Metadata.Name {
			t.Errorf("env %s comes from Secret %q, want %q", e.Name, ref.Name, secret.Metadata.Name)
		}
		if _, ok := secret.StringData[ref.Key]; !ok {
			t.Errorf("env %s reads key %q, which the Secret does not have", e.Name, ref.Key)
		}
		fromSecret[e.Name] = true
	}
	for _, name := range []string{config.EnvName("turn.api_token"), config.EnvName("turn.hmac_secret")} {
		if !fromSecret[name] {
			t.Errorf("%s does not come from the Secret", name)
		}
	}
	cm := get(t, objs, "ConfigMap/ddgbot")
	for _, key := range []string{"api_token", "hmac_secret"} {
		if strings.Contains(cm.Data["config.yaml"], key) {
			t.Errorf("the ConfigMap's config.yaml sets turn.%s: secrets belong in the Secret", key)
		}
	}
}

// Ensure the optional Redis is as locked down as ddgbot and keeps what
// the fleet needs, as docker-compose.fleet.yml's does: a password from its
// Secret (never on a command line), noeviction under a maxmemory, an
// append-only file on a persistent volume; and that the lines the ddgbot
// Deployment's comment gives reach it with that password.
func TestRedis(t *testing.T) {
	objs := load(t, "redis")
	d := get(t, objs, "Deployment/ddgbot-redis")
	pod := d.Spec.Template.Spec
	c := pod.Containers[0]
	checkResources(t, c)
	checkLockedDown(t, pod, c)
	if c.ReadinessProbe == nil || c.LivenessProbe == nil {
		t.Error("redis: want liveness and readiness probes")
	}
	s := get(t, objs, "Service/ddgbot-redis")
	if !equalLabels(s.Spec.ServiceSelector, d.Spec.Template.Metadata.Labels) {
		t.Errorf("the redis Service selects %v, the pod is labelled %v", s.Spec.ServiceSelector, d.Spec.Template.Metadata.Labels)
	}

	secret := get(t, objs, "Secret/ddgbot-redis")
	pwVar := fromSecret(c.Env, secret.Metadata.Name, "password")
	if pwVar == "" {
		t.Fatalf("redis: no env variable reads the password from Secret %s", secret.Metadata.Name)
	}
	script := strings.Join(append(c.Command, c.Args...), " ")
	for _, want := range []string{"requirepass", "--maxmemory-policy noeviction", "--maxmemory ", "--appendonly yes"} {
		if !strings.Contains(script, want) {
			t.Errorf("redis runs %q: want %s", script, want)
		}
	}
	if strings.Contains(script, "--requirepass") {
		t.Errorf("redis runs %q: a password on the command line shows in every process list", script)
	}
	if p := c.ReadinessProbe; p == nil || p.Exec == nil || !strings.Contains(strings.Join(p.Exec.Command, " "), "REDISCLI_AUTH=\"$"+pwVar) {
		t.Errorf("redis: the readiness probe must authenticate with $%s (REDISCLI_AUTH)", pwVar)
	}
	checkPersistent(t, objs, d, c, "/data")

	env := commentedEnv(t, "deployment.yaml")
	ref := fromSecret(env, secret.Metadata.Name, "password")
	want := "redis://:$(" + ref + ")@" + s.Metadata.Name + ":6379/0"
	url := ""
	for _, e := range env {
		if e.Name == config.EnvName("redis.url") {
			url = e.Value
		}
	}
	if ref == "" || url != want || env[0].Name != ref {
		t.Fatalf("deployment.yaml's commented Redis lines %+v: want the password from Secret %s first, then %s=%s", env, secret.Metadata.Name, config.EnvName("redis.url"), want)
	}
	if len(s.Spec.Ports) == 0 || s.Spec.Ports[0].Port != 6379 {
		t.Errorf("the redis Service does not listen on 6379: %+v", s.Spec.Ports)
	}
	const hex = "0123456789abcdef0123456789abcdef"
	if _, err := config.Load(defaults(t), "", []string{config.EnvName("redis.url") + "=" + strings.ReplaceAll(url, "$("+ref+")", hex)}); err != nil {
		t.Errorf("the Redis URL shown is refused: %v", err)
	}
	runRedis(t, c, pwVar, secret.StringData["password"])
}

// fromSecret returns the variable of env read from key of Secret name.
func fromSecret(env []envVar, name, key string) string {
	for _, e := range env {
		if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && e.ValueFrom.SecretKeyRef.Name == name && e.ValueFrom.SecretKeyRef.Key == key {
			return e.Name
		}
	}
	return ""
}

// commentedEnv reads the env entries shown commented out in file, from
// the first "# - name:" line on, as they read once uncommented.
func commentedEnv(t *testing.T, file string) []envVar {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(l), "# ")
		if !ok || (len(lines) == 0 && !strings.HasPrefix(rest, "- name:")) {
			if len(lines) > 0 {
				break
			}
			continue
		}
		lines = append(lines, rest)
	}
	var env []envVar
	if err := yaml.Unmarshal([]byte(strings.Join(lines, "\n")), &env); err != nil || len(env) == 0 {
		t.Fatalf("%s: no commented env entries to read (%v)", file, err)
	}
	return env
}

// checkPersistent checks that dir of container c is a persistent volume
// claimed among objs, and that a claim only one node may mount is never
// wanted by two pods at once.
func checkPersistent(t *testing.T, objs map[string]object, d object, c container, dir string) {
	t.Helper()
	for _, m := range c.VolumeMounts {
		if m.MountPath != dir {
			continue
		}
		for _, v := range d.Spec.Template.Spec.Volumes {
			if v.Name != m.Name {
				continue
			}
			if v.PersistentVolumeClaim == nil {
				t.Fatalf("%s: %s is not on a persistent volume: the append-only file dies with the pod", c.Name, dir)
			}
			pvc := get(t, objs, "PersistentVolumeClaim/"+v.PersistentVolumeClaim.ClaimName)
			if slices.Contains(pvc.Spec.AccessModes, "ReadWriteOnce") && d.Spec.Strategy.Type != "Recreate" {
				t.Errorf("%s: a rolling update would start a second pod on the ReadWriteOnce claim %s: want strategy Recreate", c.Name, pvc.Metadata.Name)
			}
			return
		}
	}
	t.Fatalf("%s: nothing is mounted at %s", c.Name, dir)
}

// runRedis runs the container's command with redis-server on this machine
// (on a free port, in a directory standing for the image's /data) and
// checks what it serves: nothing without the password, noeviction, a
// maxmemory, an append-only file; and that it refuses to start with the
// Secret example's placeholder.
func runRedis(t *testing.T, c container, pwVar, placeholder string) {
	t.Helper()
	addr := redistest.FreeAddr(t)
	_, port, _ := net.SplitHostPort(addr)
	cmdline := append(c.Command, c.Args...)
	script := cmdline[len(cmdline)-1]
	if len(cmdline) != 3 || cmdline[0] != "sh" || cmdline[1] != "-c" || strings.Count(script, "exec redis-server -") != 1 {
		t.Fatalf("redis runs %q: want sh -c '... exec redis-server - ...'", cmdline)
	}
	script = strings.Replace(script, "exec redis-server -", "exec redis-server - --port "+port+" --bind 127.0.0.1", 1)
	start := func(pw string) (*exec.Cmd, string, *bytes.Buffer) {
		dir := t.TempDir()
		cmd := exec.Command("sh", "-c", script)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), pwVar+"="+pw)
		out := new(bytes.Buffer)
		cmd.Stdout, cmd.Stderr = out, out
		cmd.WaitDelay = time.Second
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
		return cmd, dir, out
	}

	for _, pw := range []string{placeholder, ""} {
		cmd, _, _ := start(pw)
		if err := cmd.Wait(); err == nil {
			t.Errorf("redis started with the password %q", pw)
		}
	}

	const pw = "0123456789abcdef0123456789abcdef"
	_, dir, out := start(pw)
	var client rueidis.Client
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var err error
		client, err = rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{addr}, Password: pw, DisableCache: true, ForceSingleClient: true})
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("redis did not answer on %s within 10s: %v\n%s", addr, err, out)
		}
	}
	defer client.Close()
	if anon, err := rueidis.NewClient(rueidis.ClientOption{InitAddress: []string{addr}, DisableCache: true, ForceSingleClient: true}); err == nil {
		anon.Close()
		t.Error("redis answers without the password")
	}
	ctx := context.Background()
	for key, want := range map[string]string{"maxmemory-policy": "noeviction", "appendonly": "yes"} {
		got, err := client.Do(ctx, client.B().ConfigGet().Parameter(key).Build()).AsStrMap()
		if err != nil || got[key] != want {
			t.Errorf("redis CONFIG GET %s: %v (%v), want %s", key, got, err, want)
		}
	}
	got, err := client.Do(ctx, client.B().ConfigGet().Parameter("maxmemory").Build()).AsStrMap()
	if n, _ := strconv.Atoi(got["maxmemory"]); err != nil || n == 0 {
		t.Errorf("redis CONFIG GET maxmemory: %v (%v): want a limit, or noeviction never refuses", got, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "appendonlydir")); err != nil {
		t.Errorf("redis keeps no append-only file in its working directory (the image's /data): %v", err)
	}
}

// defaults is the repository's config.yaml, which the binary embeds.
func defaults(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../config.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func namedPort(t *testing.T, c container, name string) string {
	t.Helper()
	for _, p := range c.Ports {
		if p.Name == name {
			return strconv.Itoa(p.ContainerPort)
		}
	}
	t.Fatalf("container %s has no port named %s", c.Name, name)
	return ""
}

// mountedConfig follows the container's --config argument to the
// ConfigMap item mounted there, loads it as the binary would (with the
// Secret's placeholder as the token), and checks the answers file it names
// is mounted from the ConfigMap as a directory (so updates reach it) and
// is accepted, crisis answer included.
func mountedConfig(t *testing.T, objs map[string]object, pod podSpec, c container) config.Config {
	t.Helper()
	var configPath string
	for i, a := range c.Args {
		if a == "--config" && i+1 < len(c.Args) {
			configPath = c.Args[i+1]
		}
	}
	if configPath == "" {
		t.Fatalf("container args %q give no --config FILE", c.Args)
	}
	cm := get(t, objs, "ConfigMap/ddgbot")
	data := mountedItem(t, cm, pod, c, configPath)
	f := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(f, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	token := config.EnvName("turn.api_token") + "="
	placeholder := get(t, objs, "Secret/ddgbot-turn").StringData["api-token"]
	if _, err := config.Load(defaults(t), f, []string{token + placeholder}); err == nil {
		t.Errorf("the Secret example's token %q is accepted: applied unedited, it would serve with a published token", placeholder)
	}
	cfg, err := config.Load(defaults(t), f, []string{token + "0123456789abcdef0123456789abcdef"})
	if err != nil {
		t.Fatalf("the ConfigMap's config.yaml is refused: %v", err)
	}
	if cfg.Answers.File == "" {
		t.Fatal("the ConfigMap's config.yaml sets no answers.file")
	}
	set, err := answers.Parse(cfg.Answers.File, []byte(mountedItem(t, cm, pod, c, cfg.Answers.File)))
	if err != nil {
		t.Fatalf("the ConfigMap's answers are refused: %v", err)
	}
	if id := cfg.Safety.CrisisAnswer; id != "" {
		if _, ok := set.Get(id); !ok {
			t.Errorf("safety.crisis_answer %q is not in the ConfigMap's answers", id)
		}
	}
	return cfg
}

// mountedItem returns the ConfigMap item the container sees at file,
// failing unless it comes from a read-only directory mount (a subPath
// mount never sees the ConfigMap's updates).
func mountedItem(t *testing.T, cm object, pod podSpec, c container, file string) string {
	t.Helper()
	for _, m := range c.VolumeMounts {
		rel, ok := strings.CutPrefix(file, strings.TrimSuffix(m.MountPath, "/")+"/")
		if !ok {
			continue
		}
		if m.SubPath != "" || !m.ReadOnly {
			t.Errorf("%s is mounted with subPath %q, readOnly %v: want a read-only directory mount", file, m.SubPath, m.ReadOnly)
		}
		for _, v := range pod.Volumes {
			if v.Name != m.Name || v.ConfigMap == nil || v.ConfigMap.Name != cm.Metadata.Name {
				continue
			}
			for _, it := range v.ConfigMap.Items {
				if path.Clean(it.Path) == rel {
					data, ok := cm.Data[it.Key]
					if !ok {
						t.Fatalf("volume %s maps key %s, which ConfigMap %s lacks", v.Name, it.Key, cm.Metadata.Name)
					}
					return data
				}
			}
		}
	}
	t.Fatalf("%s is not mounted from ConfigMap %s", file, cm.Metadata.Name)
	return ""
}

func checkResources(t *testing.T, c container) {
	t.Helper()
	for _, r := range []string{"cpu", "memory"} {
		if c.Resources.Requests[r] == "" || c.Resources.Limits[r] == "" {
			t.Errorf("container %s: want a request and a limit of %s, got %+v", c.Name, r, c.Resources)
		}
	}
}

func checkLockedDown(t *testing.T, pod podSpec, c container) {
	t.Helper()
	is := func(b *bool) bool { return b != nil && *b }
	if !is(pod.SecurityContext.RunAsNonRoot) && !is(c.SecurityContext.RunAsNonRoot) {
		t.Errorf("container %s: runAsNonRoot is not set", c.Name)
	}
	if u := pod.SecurityContext.RunAsUser; u == nil || *u == 0 {
		t.Errorf("container %s: want a non-zero runAsUser", c.Name)
	}
	if !is(c.SecurityContext.ReadOnlyRootFilesystem) {
		t.Errorf("container %s: readOnlyRootFilesystem is not true", c.Name)
	}
	if b := c.SecurityContext.AllowPrivilegeEscalation; b == nil || *b {
		t.Errorf("container %s: allowPrivilegeEscalation is not false", c.Name)
	}
	if len(c.SecurityContext.Capabilities.Drop) != 1 || c.SecurityContext.Capabilities.Drop[0] != "ALL" {
		t.Errorf("container %s: want capabilities drop [ALL], got %v", c.Name, c.SecurityContext.Capabilities.Drop)
	}
	if b := pod.AutomountServiceAccountToken; b == nil || *b {
		t.Errorf("container %s: the pod mounts a service account token it does not need", c.Name)
	}
}

func equalLabels(a, b map[string]string) bool {
	if len(a) == 0 {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
