// Package kubernetes_test checks the Kubernetes manifests teams apply: what
// a cluster needs to run ddgbot safely (probes, resources, a non-root
// read-only container), and that the settings and answers they mount are
// ones the binary accepts.
package kubernetes_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/config"
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
	Selector struct {
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
		EmptyDir *struct{} `yaml:"emptyDir"`
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
	Name  string   `yaml:"name"`
	Image string   `yaml:"image"`
	Args  []string `yaml:"args"`
	Ports []struct {
		Name          string `yaml:"name"`
		ContainerPort int    `yaml:"containerPort"`
	} `yaml:"ports"`
	Env []struct {
		Name      string `yaml:"name"`
		Value     string `yaml:"value"`
		ValueFrom *struct {
			SecretKeyRef *struct {
				Name string `yaml:"name"`
				Key  string `yaml:"key"`
			} `yaml:"secretKeyRef"`
		} `yaml:"valueFrom"`
	} `yaml:"env"`
	LivenessProbe  *probe `yaml:"livenessProbe"`
	ReadinessProbe *probe `yaml:"readinessProbe"`
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

// Ensure the optional Redis is as locked down as ddgbot and matches the
// URL the Deployment's comment gives.
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
	dep, err := os.ReadFile("deployment.yaml")
	if err != nil {
		t.Fatal(err)
	}
	url := "redis://" + s.Metadata.Name + ":" + "6379/0"
	if len(s.Spec.Ports) == 0 || s.Spec.Ports[0].Port != 6379 || !bytes.Contains(dep, []byte(url)) {
		t.Errorf("deployment.yaml does not show DDGBOT_REDIS_URL %s for the redis Service %+v", url, s.Spec.Ports)
	}
	if _, err := config.Load(defaults(t), "", []string{config.EnvName("redis.url") + "=" + url}); err != nil {
		t.Errorf("the Redis URL shown is refused: %v", err)
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
