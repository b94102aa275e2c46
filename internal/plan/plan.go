// Package plan turns a project spec into a resource graph: every AWS
// resource and every wiring call a deploy makes, in dependency order, with
// the IAM attached. A Plan is plain data (printable, JSON-able, hashable):
// deciding what to create is separate from creating it, so the planner is
// tested without AWS and `wireup plan` shows exactly what `wireup deploy`
// will do.
//
// Values that only exist once a resource exists (a queue URL, a role ARN, a
// table's stream ARN) are never assembled here: a resource names them as
// Refs ("queue.arn") and the deploy engine fills them from what the service
// returned, because emulators disagree with AWS and each other on account ids.
package plan

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/wireup/wireup/internal/spec"
)

// Kind is the type of a resource or wiring call.
type Kind string

// Resource kinds, one per AWS object wireup creates.
const (
	KindRole               Kind = "iam.role" // role, trust policy and inline policy
	KindBucket             Kind = "s3.bucket"
	KindBucketNotification Kind = "s3.bucket-notification"
	KindQueue              Kind = "sqs.queue"
	KindQueuePolicy        Kind = "sqs.queue-policy"
	KindTopic              Kind = "sns.topic"
	KindTopicPolicy        Kind = "sns.topic-policy"
	KindSubscription       Kind = "sns.subscription"
	KindStream             Kind = "kinesis.stream"
	KindDeliveryStream     Kind = "firehose.delivery-stream"
	KindTable              Kind = "dynamodb.table"
	KindFunction           Kind = "lambda.function"
	KindPermission         Kind = "lambda.permission"
	KindEventSourceMapping Kind = "lambda.event-source-mapping"
	KindTopicRule          Kind = "iot.topic-rule"
	KindRule               Kind = "events.rule" // EventBridge rule with its event pattern and target
	KindLogGroup           Kind = "logs.log-group"
	KindSubscriptionFilter Kind = "logs.subscription-filter"
	KindGlueDatabase       Kind = "glue.database"
	KindGlueTable          Kind = "glue.table"
	KindCrawler            Kind = "glue.crawler"
	KindWorkGroup          Kind = "athena.workgroup"
	KindNamedQuery         Kind = "athena.named-query"
	KindDataSource         Kind = "quicksight.data-source"
	KindDataSet            Kind = "quicksight.data-set"
	KindTrainingJob        Kind = "sagemaker.training-job" // the project's training jobs: started by cmd/train, stopped and deleted by destroy
	KindSecret             Kind = "secretsmanager.secret"  // a secret whose value deploy generates and never records
	KindFunctionURL        Kind = "lambda.function-url"    // a function URL with the resource-policy statements it needs
	KindEMRApplication     Kind = "emr-serverless.application"
	KindDomain             Kind = "opensearch.domain"
)

// Redshift resource kinds: the Serverless warehouse and the provisioned
// cluster.
const (
	KindNamespace           Kind = "redshift-serverless.namespace"
	KindServerlessWorkgroup Kind = "redshift-serverless.workgroup"
	KindUsageLimit          Kind = "redshift-serverless.usage-limit"
	KindCluster             Kind = "redshift.cluster"
)

// Tag keys wireup puts on every resource that carries tags.
const (
	TagProject = "wireup:project"
	TagRoute   = "wireup:route"
)

// Env is where the plan is deployed: it fixes the ARNs written into
// policies. Wiring calls use the ARNs services return instead.
type Env struct {
	Partition string `json:"partition"`
	Region    string `json:"region"`
	AccountID string `json:"accountId"`
	// Placeholder says AccountID stands in for an account not known yet
	// (the generator's iam/ files): an ARN the spec gives in another account
	// is planned as it is, and deploy, with the real account, refuses it.
	Placeholder bool `json:"-"`
}

// Plan is the resource graph of one project.
type Plan struct {
	Project   string      `json:"project"`
	Route     []string    `json:"route"`
	Env       Env         `json:"env"`
	Tags      []Tag       `json:"tags"`
	Resources []*Resource `json:"resources"` // dependency order: every resource after what it depends on
}

// Hops are the integrations the plan deploys: the route's hops, then the
// options on them some resource serves (a Firehose transform), each once.
func (p *Plan) Hops() []string {
	hops := slices.Clone(p.Route)
	for _, r := range p.Resources {
		if r.Integration != "" && !slices.Contains(hops, r.Integration) {
			hops = append(hops, r.Integration)
		}
	}
	return hops
}

// Tag is one resource tag.
type Tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Resource is one AWS object or wiring call.
type Resource struct {
	ID          string            `json:"id"`
	Kind        Kind              `json:"kind"`
	Name        string            `json:"name"`                  // physical name, or the name of the resource it wires
	Integration string            `json:"integration,omitempty"` // the route hop it serves, "" for a service on the route
	DependsOn   []string          `json:"dependsOn,omitempty"`
	Level       int               `json:"level"`              // 0 for no dependencies; resources on one level are independent
	Settings    map[string]string `json:"settings,omitempty"` // literal configuration
	Refs        map[string]string `json:"refs,omitempty"`     // setting → "resourceID.output", filled at deploy time
	Trust       json.RawMessage   `json:"trust,omitempty"`    // role trust policy
	Policy      json.RawMessage   `json:"policy,omitempty"`   // role inline policy, the resource policy, or the bucket policy
	Hash        string            `json:"hash"`               // desired configuration; a change means update

	// Service is the catalog id of the service whose planner added it.
	Service string `json:"-"`
	// Purpose and Notes are what the IAM builder said about Trust and
	// Policy: why they grant what they grant, and the decisions and
	// follow-ups for the user. A generated project's iam/ files and README
	// are rendered from them; being documentation, they are in neither the
	// JSON nor the hash.
	Purpose string   `json:"-"`
	Notes   []string `json:"-"`
	// KeyPolicy holds the statements the user adds to the policy of a
	// customer managed key that encrypts the resource (wireup does not
	// change a key it did not create), as a policy document; rendered to
	// the project's iam/ files.
	KeyPolicy json.RawMessage `json:"-"`
}

// SettingYouProvide is the setting of a resource that says, one line
// each, what the user must provide outside the plan for it to work: the
// plan prints it under the resource.
const SettingYouProvide = "youProvide"

// Resource returns the resource with the id, or nil.
func (p *Plan) Resource(id string) *Resource {
	for _, r := range p.Resources {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// RouteID is the route's hops joined with "+", the value of the wireup:route tag.
func (p *Plan) RouteID() string { return strings.Join(p.Route, "+") }

// finish orders what the planners added, tags it and fingerprints each
// resource.
func finish(s *spec.Spec, env Env, list []*Resource) (*Plan, error) {
	p := &Plan{Project: s.Name, Route: slices.Clone(s.Route), Env: env}
	p.Tags = []Tag{{TagProject, s.Name}, {TagRoute, p.RouteID()}}
	keys := make([]string, 0, len(s.Tags))
	for k := range s.Tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		p.Tags = append(p.Tags, Tag{k, s.Tags[k]})
	}
	ordered, err := order(list)
	if err != nil {
		return nil, err
	}
	p.Resources = ordered
	for _, r := range p.Resources {
		r.Hash = hashOf(r, p.Tags)
	}
	return p, nil
}

// order sorts resources so each comes after its dependencies, by level and
// then by id so the output is stable, and sets Level.
func order(rs []*Resource) ([]*Resource, error) {
	byID := map[string]*Resource{}
	for _, r := range rs {
		byID[r.ID] = r
	}
	level := map[string]int{}
	var visit func(r *Resource, path []string) (int, error)
	visit = func(r *Resource, path []string) (int, error) {
		if l, ok := level[r.ID]; ok {
			return l, nil
		}
		if slices.Contains(path, r.ID) {
			return 0, fmt.Errorf("plan: dependency cycle %s", strings.Join(append(path, r.ID), " → "))
		}
		l := 0
		for _, d := range r.DependsOn {
			dr := byID[d]
			if dr == nil {
				return 0, fmt.Errorf("plan: %s depends on unknown resource %s", r.ID, d)
			}
			dl, err := visit(dr, append(path, r.ID))
			if err != nil {
				return 0, err
			}
			l = max(l, dl+1)
		}
		level[r.ID] = l
		return l, nil
	}
	for _, r := range rs {
		if _, err := visit(r, nil); err != nil {
			return nil, err
		}
		r.Level = level[r.ID]
		slices.Sort(r.DependsOn)
		r.DependsOn = slices.Compact(r.DependsOn)
	}
	out := slices.Clone(rs)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Level != out[j].Level {
			return out[i].Level < out[j].Level
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// hashOf fingerprints what a deploy would send for r.
func hashOf(r *Resource, tags []Tag) string {
	h := sha256.New()
	b, _ := json.Marshal(struct {
		Kind     Kind
		Name     string
		Settings map[string]string
		Refs     map[string]string
		Trust    json.RawMessage
		Policy   json.RawMessage
		Tags     []Tag
	}{r.Kind, r.Name, r.Settings, r.Refs, compact(r.Trust), compact(r.Policy), tags})
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))[:16]
}

func compact(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return nil
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return raw
	}
	b, _ := json.Marshal(v)
	return b
}

// WriteText prints the plan for humans: one line per resource in order,
// with what it depends on, followed by its policies.
func (p *Plan) WriteText(w io.Writer, withPolicies bool) error {
	fmt.Fprintf(w, "Plan for %s: %s (%s, account %s)\n", p.Project, p.RouteID(), p.Env.Region, p.Env.AccountID)
	fmt.Fprintf(w, "%d resources; resources on the same step are created concurrently.\n\n", len(p.Resources))
	for _, r := range p.Resources {
		line := fmt.Sprintf("  step %d  %-28s %-28s %s", r.Level+1, r.Kind, r.ID, r.Name)
		if len(r.DependsOn) > 0 {
			line += "  ← " + strings.Join(r.DependsOn, ", ")
		}
		// What destroy does to the data is as much part of the plan as
		// what deploy creates.
		if r.Kind == KindBucket {
			switch r.Settings["forceDestroy"] {
			case "false":
				line += "  (s3.forceDestroy: false: destroy keeps it while it holds objects)"
			case "true":
				line += "  (s3.forceDestroy: true: destroy deletes its objects)"
			}
		}
		if r.Settings["publiclyAccessible"] == "true" {
			line += "  (publicly accessible)"
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
		// What the user must add outside the plan for it to work (wireup
		// creates no network).
		for _, v := range strings.Split(r.Settings[SettingYouProvide], "\n") {
			if v != "" {
				fmt.Fprintf(w, "      you provide: %s\n", v)
			}
		}
		if withPolicies {
			for _, pol := range []struct {
				name string
				doc  json.RawMessage
			}{{"trust policy", r.Trust}, {"policy", r.Policy}} {
				if len(pol.doc) == 0 {
					continue
				}
				fmt.Fprintf(w, "      %s:\n", pol.name)
				for _, l := range strings.Split(strings.TrimRight(string(pol.doc), "\n"), "\n") {
					fmt.Fprintf(w, "        %s\n", l)
				}
			}
		}
	}
	return nil
}
