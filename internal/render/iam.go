package render

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/registry"
	"github.com/wireup/wireup/internal/spec"
)

// PlaceholderAccount is the account ID in the generated iam/ files: AWS's
// documentation example account. `wireup deploy` builds the same policies
// with the real account; the files are there to read and review.
const PlaceholderAccount = "123456789012"

// iamFiles renders the project's policies under iam/ from the plan
// `wireup deploy` applies, built with the placeholder account: every role's
// trust and inline policy and every resource policy, so the documented
// policies are the deployed ones. The producer and consumer identity
// policies, which wireup does not deploy, come from the same grants
// (internal/iam) with what the service packages say may be written and read.
func iamFiles(s *spec.Spec, c *catalog.Catalog, p *Project) ([]IAMFile, error) {
	var out []IAMFile
	add := func(path, who, what, why string, notes []string, data []byte) {
		out = append(out, IAMFile{Path: "iam/" + path, Who: who, What: what, Why: why, Notes: notes, data: data})
	}
	addPolicy := func(file, who string, pol iam.Policy, err error) error {
		if err != nil {
			return fmt.Errorf("render %s: %w", s.Name, err)
		}
		data, err := pol.Document.JSON()
		if err != nil {
			return err
		}
		add(file, who, actions(pol.Document), pol.Purpose, pol.Notes, data)
		return nil
	}

	// The application's identities: the producer and, if any, the consumer.
	env := iam.EnvFor(s.Region, PlaceholderAccount)
	if write := p.gens.get(p.Producer.ID).Produce; write != nil {
		pol, err := iam.ProducerPolicy(env, s.Name+"-producer", write(s))
		if err := addPolicy("producer-policy.json", "the identity running cmd/producer", pol, err); err != nil {
			return nil, err
		}
	}
	if p.Consumer != nil {
		if read := p.gens.get(p.Consumer.ID).Read; read != nil {
			sources := []iam.Source{read(s)}
			if p.Notifier != nil {
				// It gets what the notifications it receives name.
				sources = append(sources, p.notified)
			}
			pol, err := iam.ConsumerPolicy(env, s.Name+"-consumer", sources...)
			if err := addPolicy("consumer-policy.json", "the identity running cmd/consumer", pol, err); err != nil {
				return nil, err
			}
		}
	}

	// The integration test's identity: it sends as the producer does and
	// reads back where the first hop delivers, which need not be where
	// cmd/consumer reads.
	if write, rb := p.gens.get(p.Producer.ID).Produce, p.Readback; write != nil && rb != nil {
		if read := p.gens.get(rb.ID).Read; read != nil {
			pol, err := iam.IntegrationTestPolicy(env, s.Name+"-integration-test", []iam.Target{write(s)}, []iam.Source{read(s)})
			if err := addPolicy("integration-test-policy.json", "the identity running the integration test (cmd/producer)", pol, err); err != nil {
				return nil, err
			}
		}
	}

	for _, cmd := range p.Commands {
		pol, err := cmd.policy(s, env)
		if err := addPolicy(cmd.Name+"-policy.json", "the identity running cmd/"+cmd.Name, pol, err); err != nil {
			return nil, err
		}
	}

	pl, err := registry.Plan(s, c, plan.Env{Region: s.Region, AccountID: PlaceholderAccount, Placeholder: true})
	if err != nil {
		return nil, fmt.Errorf("render %s: %w", s.Name, err)
	}
	for _, r := range p.withPolicies(pl) {
		var trust, pol iam.Document
		if err := readDoc(r.Trust, &trust); err != nil {
			return nil, fmt.Errorf("render %s: %s: trust policy: %w", s.Name, r.ID, err)
		}
		if err := readDoc(r.Policy, &pol); err != nil {
			return nil, fmt.Errorf("render %s: %s: policy: %w", s.Name, r.ID, err)
		}
		if len(r.Trust) > 0 {
			// A role: who may assume it, and what it may do.
			who := "role " + r.Name
			add("role-"+r.Name+"-trust.json", who, "be assumed by "+principals(trust), trustWhy(trust), nil, r.Trust)
			add("role-"+r.Name+"-policy.json", who, actions(pol), r.Purpose, r.Notes, r.Policy)
			continue
		}
		f := p.gens.policyFile(r.Kind)
		if f == nil {
			return nil, fmt.Errorf("render %s: %s (%s) carries a resource policy no service names a file for: add it to the Policies of the service's generate.go", s.Name, r.ID, r.Kind)
		}
		what := f.What
		if what == "" {
			what = actions(pol)
		}
		add(f.Name(r.Name), principals(pol), what, r.Purpose, r.Notes, r.Policy)
		if len(r.KeyPolicy) > 0 {
			var kp iam.Document
			if err := readDoc(r.KeyPolicy, &kp); err != nil {
				return nil, fmt.Errorf("render %s: %s: key policy: %w", s.Name, r.ID, err)
			}
			add(plan.KeyPolicyFile(r.Name), principals(kp), actions(kp),
				"Statements to add to the policy of the customer managed key that encrypts "+r.Name+": wireup does not change a key it did not create. Resource \"*\" in a key policy means that key.", nil, r.KeyPolicy)
		}
	}
	return out, nil
}

// withPolicies returns the plan's resources that carry a policy, in the
// order the README lists them: those of each hop in route order, then the
// services' own (their roles, the bucket policy) in route order.
func (p *Project) withPolicies(pl *plan.Plan) []*plan.Resource {
	rank := map[string]int{}
	for i, id := range pl.Route {
		rank[id] = i
	}
	for i, n := range p.Services {
		if _, ok := rank[n.ID]; !ok {
			rank[n.ID] = len(pl.Route) + i
		}
	}
	key := func(r *plan.Resource) int {
		at := r.Service
		if r.Integration != "" {
			at = r.Integration
		}
		if k, ok := rank[at]; ok {
			return k
		}
		return len(rank)
	}
	var out []*plan.Resource
	for _, r := range pl.Resources {
		if len(r.Trust) > 0 || len(r.Policy) > 0 {
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b *plan.Resource) int { return key(a) - key(b) })
	return out
}

// readDoc decodes a policy the plan carries; none leaves d empty.
func readDoc(raw json.RawMessage, d *iam.Document) error {
	if len(raw) == 0 {
		return nil
	}
	return json.Unmarshal(raw, d)
}

// principals lists a document's principals for the README.
func principals(d iam.Document) string {
	var out []string
	for _, st := range d.Statement {
		if st.Principal != nil && st.Principal.Everyone {
			out = append(out, "everyone (principal `*`)")
		}
		if st.Principal != nil {
			out = append(out, st.Principal.Service...)
			out = append(out, st.Principal.AWS...)
		}
	}
	if len(out) == 0 {
		return "the attached identity"
	}
	return strings.Join(dedupe(out), ", ")
}

// actions lists a document's actions for the README.
// A Deny statement is named as one: "sqs:SendMessage; denies sqs:* without
// HTTPS" (the TLS-only statement) or "…; denies s3:* (see the file)".
func actions(d iam.Document) string {
	var allow, deny []string
	for _, st := range d.Statement {
		if st.Effect != iam.Deny {
			allow = append(allow, st.Action...)
			continue
		}
		when := "(see the file)"
		if _, ok := st.Condition["Bool"]["aws:SecureTransport"]; ok {
			when = "without HTTPS"
		}
		deny = append(deny, "denies "+strings.Join(st.Action, ", ")+" "+when)
	}
	var out []string
	if len(allow) > 0 {
		out = append(out, strings.Join(dedupe(allow), ", "))
	}
	return strings.Join(append(out, deny...), "; ")
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// trustWhy explains a trust policy: who may assume the role and under which
// confused-deputy conditions.
func trustWhy(trust iam.Document) string {
	var keys []string
	for _, st := range trust.Statement {
		for _, kv := range st.Condition {
			for k := range kv {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if len(keys) == 0 {
		return "only " + principals(trust) + " may assume it to do the work above; AWS documents no condition key it sends"
	}
	return "only " + principals(trust) + " may assume it, and only when " + strings.Join(keys, " and ") +
		" name this project's resource and account (confused-deputy protection)"
}
