package deploy

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"reflect"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/targets"
)

// Status values of a resource compared with the plan.
const (
	StatusOK      = "ok"      // exists as planned
	StatusMissing = "missing" // planned, not there
	StatusChanged = "changed" // there, but deployed from a different plan
	StatusExtra   = "extra"   // there and tagged for the project, not in the plan
)

// StatusItem is one resource's status.
type StatusItem struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// StatusReport compares the target with the plan.
type StatusReport struct {
	Target TargetInfo   `json:"target"`
	Items  []StatusItem `json:"items"`
}

// Drift returns the items that are not as planned.
func (s *StatusReport) Drift() []StatusItem {
	var out []StatusItem
	for _, it := range s.Items {
		if it.Status != StatusOK {
			out = append(out, it)
		}
	}
	return out
}

// WriteText prints the report as a table.
func (s *StatusReport) WriteText(w io.Writer) {
	for _, it := range s.Items {
		line := fmt.Sprintf("%-8s %-28s %-22s %s", it.Status, it.Kind, it.ID, it.Name)
		if it.Detail != "" {
			line += "  (" + it.Detail + ")"
		}
		fmt.Fprintln(w, line)
	}
	if d := s.Drift(); len(d) == 0 {
		fmt.Fprintf(w, "\nNo drift: all %d resources exist as planned on %s.\n", len(s.Items), s.Target)
	} else {
		fmt.Fprintf(w, "\n%d of %d resources differ from the plan on %s: run `wireup deploy` to converge.\n", len(d), len(s.Items), s.Target)
	}
}

// Status compares what exists on the target with the plan: every planned
// resource is ok, missing or changed, and resources tagged for the project
// that the plan no longer has are extra.
func (e *Engine) Status(ctx context.Context, p *plan.Plan) (*StatusReport, error) {
	store, err := e.openState(p.Project, p.RouteID())
	if err != nil {
		return nil, err
	}
	rep := &StatusReport{Target: e.Target}
	inPlan := map[string]bool{}
	for _, r := range p.Resources {
		inPlan[r.ID] = true
		it := StatusItem{ID: r.ID, Kind: string(r.Kind), Name: r.Name, Status: StatusOK}
		rs := store.get(r.ID)
		switch {
		case rs == nil:
			it.Status, it.Detail = StatusMissing, "not deployed"
		default:
			ok, err := e.exists(ctx, rs)
			switch {
			case err != nil:
				return nil, Classify(fmt.Errorf("check %s %s: %w", r.Kind, r.Name, err), e.Target)
			case !ok:
				it.Status, it.Detail = StatusMissing, "deleted outside wireup"
			case !sameHash(rs.Hash, e.desiredHash(r), e.Artifacts[r.ID] == nil):
				it.Status, it.Detail = StatusChanged, "the spec or the handler changed since the last deploy"
			default:
				diff, err := e.drift(ctx, r, rs)
				if err != nil {
					return nil, Classify(fmt.Errorf("read %s %s: %w", r.Kind, r.Name, err), e.Target)
				}
				if diff != "" {
					it.Status, it.Detail = StatusChanged, diff
				}
			}
		}
		rep.Items = append(rep.Items, it)
	}
	for _, id := range store.ids() {
		if !inPlan[id] {
			rs := store.get(id)
			rep.Items = append(rep.Items, StatusItem{ID: id, Kind: rs.Kind, Name: rs.Name, Status: StatusExtra, Detail: "in the state, no longer in the plan"})
			inPlan[id] = true
		}
	}
	found, err := e.Discover(ctx, p)
	if err != nil {
		return nil, Classify(fmt.Errorf("list resources: %w", err), e.Target)
	}
	for _, f := range found {
		if f.Owned && !f.InPlan && !inPlan[f.State.ID] {
			rep.Items = append(rep.Items, StatusItem{ID: f.State.ID, Kind: f.State.Kind, Name: f.State.Name, Status: StatusExtra, Detail: "tagged for the project, not in the plan"})
		}
	}
	return rep, nil
}

// sameHash compares a recorded hash with the planned one. Without a fresh
// build of a function its package part is unknown and only the
// configuration is compared.
func sameHash(recorded, want string, unbuilt bool) bool {
	if unbuilt {
		return strings.SplitN(recorded, "-", 2)[0] == want
	}
	return recorded == want
}

// drift compares the live configuration of r, deployed as rs, with the plan
// where a hand edit would weaken the pipeline without changing its shape: a
// role's policies, a bucket's policy, an event source mapping's error
// handling. It returns what differs, or "".
func (e *Engine) drift(ctx context.Context, r *plan.Resource, rs *ResourceState) (string, error) {
	switch r.Kind {
	case plan.KindRole:
		return e.roleDrift(ctx, r)
	case plan.KindBucket:
		return e.bucketPolicyDrift(ctx, r)
	case plan.KindEventSourceMapping:
		return e.mappingDrift(ctx, rs)
	}
	return "", nil
}

// mappingDrift compares an event source mapping as Lambda returns it with
// the settings it was deployed with. A field the target accepts but never
// returns (kumo keeps no error handling, nor the starting position) is not
// compared there: its absence says nothing about the mapping.
func (e *Engine) mappingDrift(ctx context.Context, rs *ResourceState) (string, error) {
	got, err := e.Clients.Lambda.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(rs.Outputs["uuid"])})
	if err != nil {
		return "", err
	}
	in := rs.Inputs
	t := targets.Target(e.Target.Kind)
	var diffs []string
	check := func(field, live, want string) {
		if live != want && targets.ReadsBackMapping(t, field) {
			diffs = append(diffs, fmt.Sprintf("%s is %q, the plan says %q", field, live, want))
		}
	}
	check("BatchSize", strconv.Itoa(int(aws.ToInt32(got.BatchSize))), strconv.Itoa(int(atoi(in["batchSize"]))))
	check("MaximumBatchingWindowInSeconds", strconv.Itoa(int(aws.ToInt32(got.MaximumBatchingWindowInSeconds))), strconv.Itoa(int(atoi(in["batchWindowSeconds"]))))
	var types []string
	for _, rt := range got.FunctionResponseTypes {
		types = append(types, string(rt))
	}
	check("FunctionResponseTypes", strings.Join(types, ","), in["functionResponseTypes"])
	if v := in["startingPosition"]; v != "" {
		check("StartingPosition", string(got.StartingPosition), v)
	}
	if isStreamMapping(in) {
		retries := int32(-1) // what Lambda reports when the limit is unset
		if got.MaximumRetryAttempts != nil {
			retries = *got.MaximumRetryAttempts
		}
		check("MaximumRetryAttempts", strconv.Itoa(int(retries)), in["maximumRetryAttempts"])
		check("BisectBatchOnFunctionError", strconv.FormatBool(aws.ToBool(got.BisectBatchOnFunctionError)), in["bisectBatchOnFunctionError"])
		var dest string
		if d := got.DestinationConfig; d != nil && d.OnFailure != nil {
			dest = aws.ToString(d.OnFailure.Destination)
		}
		check("DestinationConfig", dest, in["onFailureArn"])
	}
	if len(diffs) == 0 {
		return "", nil
	}
	return "changed outside wireup: " + strings.Join(diffs, "; "), nil
}

// bucketPolicyDrift compares the bucket's policy with the planned one.
func (e *Engine) bucketPolicyDrift(ctx context.Context, r *plan.Resource) (string, error) {
	if !e.appliesBucketPolicy(r) {
		return "", nil
	}
	got, err := e.Clients.S3.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(r.Name)})
	if errorCode(err) == "NoSuchBucketPolicy" {
		return "the TLS-only bucket policy was deleted outside wireup", nil
	}
	if err != nil {
		return "", err
	}
	if !samePolicy(aws.ToString(got.Policy), r.Policy) {
		return "the bucket policy was changed outside wireup", nil
	}
	return "", nil
}

// roleDrift compares a role's live trust and inline policy with the plan:
// IAM is where a hand edit matters most.
func (e *Engine) roleDrift(ctx context.Context, r *plan.Resource) (string, error) {
	got, err := e.Clients.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r.Name)})
	if err != nil {
		return "", err
	}
	if !samePolicy(aws.ToString(got.Role.AssumeRolePolicyDocument), r.Trust) {
		return "the trust policy was changed outside wireup", nil
	}
	if len(r.Policy) == 0 {
		return "", nil
	}
	pol, err := e.Clients.IAM.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(r.Name), PolicyName: aws.String(rolePolicyName)})
	if isNotFound(err) {
		return "the inline policy " + rolePolicyName + " was deleted outside wireup", nil
	}
	if err != nil {
		return "", err
	}
	if !samePolicy(aws.ToString(pol.PolicyDocument), r.Policy) {
		return "the inline policy was changed outside wireup", nil
	}
	return "", nil
}

// samePolicy compares a policy document as IAM returns it with the
// planned one. AWS and moto URL-encode documents, kumo does not; PathUnescape
// leaves a literal "+" alone, where QueryUnescape would turn it into a space.
func samePolicy(live string, want json.RawMessage) bool {
	if dec, err := url.PathUnescape(live); err == nil {
		live = dec
	}
	var a, b any
	if json.Unmarshal([]byte(live), &a) != nil || json.Unmarshal(want, &b) != nil {
		return false
	}
	return reflect.DeepEqual(normalize(a), normalize(b))
}

// normalize makes IAM's equivalent spellings equal: a one-element array and
// its element ("Action": "x" and ["x"]).
func normalize(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = normalize(x)
		}
		return t
	case []any:
		if len(t) == 1 {
			return normalize(t[0])
		}
		for i, x := range t {
			t[i] = normalize(x)
		}
		return t
	}
	return v
}
