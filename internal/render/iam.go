package render

import (
	"fmt"
	"slices"
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/iot"
	"github.com/wireup/wireup/internal/service/lambda"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/sns"
	"github.com/wireup/wireup/internal/service/sqs"
	"github.com/wireup/wireup/internal/spec"
)

// PlaceholderAccount is the account ID in the generated iam/ files: AWS's
// documentation example account. `wireup deploy` builds the same policies
// with the real account; the files are there to read and review.
const PlaceholderAccount = "123456789012"

// iamFiles builds the policies of every hop with the service packages' IAM
// builders (their iam.go, on internal/iam) and renders
// each document to its own file under iam/: role trust and inline policies,
// resource policies, and the producer and consumer identity policies.
func iamFiles(s *spec.Spec, p *Project) ([]IAMFile, error) {
	env := iam.EnvFor(s.Region, PlaceholderAccount)
	var out []IAMFile
	addDoc := func(path, who, what, why string, notes []string, d iam.Document) error {
		data, err := d.JSON()
		if err != nil {
			return err
		}
		out = append(out, IAMFile{Path: "iam/" + path, Who: who, What: what, Why: why, Notes: notes, data: data})
		return nil
	}
	addRole := func(r iam.Role, err error) error {
		if err != nil {
			return fmt.Errorf("render %s: %w", s.Name, err)
		}
		if err := addDoc("role-"+r.Name+"-trust.json", "role "+r.Name, "be assumed by "+principals(r.Trust), trustWhy(r), nil, r.Trust); err != nil {
			return err
		}
		return addDoc("role-"+r.Name+"-policy.json", "role "+r.Name, actions(r.Policy), r.Purpose, r.Notes, r.Policy)
	}
	addResource := func(file string, rp iam.ResourcePolicy, err error) error {
		if err != nil {
			return fmt.Errorf("render %s: %w", s.Name, err)
		}
		return addDoc(file, principals(rp.Document), actions(rp.Document), rp.Purpose, rp.Notes, rp.Document)
	}
	addPolicy := func(file, who string, pol iam.Policy, err error) error {
		if err != nil {
			return fmt.Errorf("render %s: %w", s.Name, err)
		}
		return addDoc(file, who, actions(pol.Document), pol.Purpose, pol.Notes, pol.Document)
	}

	// The application's identities: the producer and, if any, the consumer.
	if write := p.gens.get(p.Producer.ID).Produce; write != nil {
		pol, err := iam.ProducerPolicy(env, s.Name+"-producer", write(s))
		if err := addPolicy("producer-policy.json", "the identity running cmd/producer", pol, err); err != nil {
			return nil, err
		}
	}
	if p.Consumer != nil {
		if read := p.gens.get(p.Consumer.ID).Read; read != nil {
			pol, err := iam.ConsumerPolicy(env, s.Name+"-consumer", read(s))
			if err := addPolicy("consumer-policy.json", "the identity running cmd/consumer", pol, err); err != nil {
				return nil, err
			}
		}
	}

	// The roles and resource policies of each hop.
	for _, h := range p.Hops {
		var err error
		switch {
		case h.From.ID == "iot" && h.To.ID == "lambda":
			rp, e := lambda.PermissionForIoT(env, lambda.IoTRule{RuleName: s.IoT.Rule, FunctionName: s.Lambda.Function})
			err = addResource("lambda-permission-"+s.Lambda.Function+".json", rp, e)
		case h.From.ID == "iot":
			t := p.gens.get(h.To.ID).Produce(s)
			err = addRole(iot.RuleRole(env, iot.RuleRoleInput{RuleName: s.IoT.Rule, RoleName: s.IoT.Role, Target: t}))
		case h.To.ID == "firehose" || h.From.ID == "firehose":
			// One delivery role per delivery stream, built once at the
			// firehose-to-s3 hop (it needs the bucket).
		case h.From.ID == "s3" && h.To.ID == "sqs":
			rp, e := sqs.PolicyForS3(env, s3.Notification{Bucket: s.S3.Bucket, Destination: s.SQS.Queue})
			err = addResource("queue-policy-"+s.SQS.Queue+".json", rp, e)
		case h.From.ID == "s3" && h.To.ID == "sns":
			rp, e := sns.PolicyForS3(env, s3.Notification{Bucket: s.S3.Bucket, Destination: s.SNS.Topic})
			err = addResource("topic-policy-"+s.SNS.Topic+".json", rp, e)
		case h.From.ID == "s3" && h.To.ID == "lambda":
			rp, e := lambda.PermissionForS3(env, s3.Notification{Bucket: s.S3.Bucket, Destination: s.Lambda.Function})
			err = addResource("lambda-permission-"+s.Lambda.Function+".json", rp, e)
		case h.From.ID == "sns" && h.To.ID == "sqs":
			rp, e := sqs.PolicyForSNS(env, sqs.SNSSubscription{Topic: s.SNS.Topic, Queue: s.SQS.Queue})
			err = addResource("queue-policy-"+s.SQS.Queue+".json", rp, e)
		case h.From.ID == "sns" && h.To.ID == "lambda":
			rp, e := lambda.PermissionForSNS(env, lambda.SNSSubscription{Topic: s.SNS.Topic, Function: s.Lambda.Function})
			err = addResource("lambda-permission-"+s.Lambda.Function+".json", rp, e)
		}
		if err != nil {
			return nil, err
		}
	}
	if s.Firehose != nil && s.S3 != nil {
		if err := addRole(firehose.DeliveryRole(env, firehose.RoleInput(s))); err != nil {
			return nil, err
		}
		if t := s.Firehose.Transform; t != nil {
			if err := addRole(lambda.ExecutionRole(env, lambda.TransformRoleInput(t))); err != nil {
				return nil, err
			}
		}
	}
	if s.S3 != nil {
		// The bucket policy grants nothing; the README says what it refuses.
		rp, err := s3.TLSOnlyPolicy(env, s.S3.Bucket)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", s.Name, err)
		}
		if err := addDoc("bucket-policy.json", "everyone (principal `*`)",
			"nothing over plain HTTP: every S3 action (`s3:*`) on the bucket is denied when `aws:SecureTransport` is false",
			rp.Purpose, rp.Notes, rp.Document); err != nil {
			return nil, err
		}
	}
	if s.Lambda != nil && p.Handler != nil {
		in, err := lambda.RoleInput(s)
		if err != nil {
			return nil, fmt.Errorf("render %s: %w", s.Name, err)
		}
		if err := addRole(lambda.ExecutionRole(env, in)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// principals lists a document's principals for the README.
func principals(d iam.Document) string {
	var out []string
	for _, st := range d.Statement {
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
func actions(d iam.Document) string {
	var out []string
	for _, st := range d.Statement {
		out = append(out, st.Action...)
	}
	return strings.Join(dedupe(out), ", ")
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
func trustWhy(r iam.Role) string {
	var keys []string
	for _, st := range r.Trust.Statement {
		for _, kv := range st.Condition {
			for k := range kv {
				keys = append(keys, k)
			}
		}
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	if len(keys) == 0 {
		return "only " + principals(r.Trust) + " may assume it to do the work above; AWS documents no condition key it sends"
	}
	return "only " + principals(r.Trust) + " may assume it, and only when " + strings.Join(keys, " and ") +
		" name this project's resource and account (confused-deputy protection)"
}
