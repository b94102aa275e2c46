package opensearch

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/opensearch"
	ostypes "github.com/aws/aws-sdk-go-v2/service/opensearch/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// DomainAPI is the part of the OpenSearch Service client the domain kind
// uses.
type DomainAPI interface {
	CreateDomain(ctx context.Context, in *opensearch.CreateDomainInput, optFns ...func(*opensearch.Options)) (*opensearch.CreateDomainOutput, error)
	DescribeDomain(ctx context.Context, in *opensearch.DescribeDomainInput, optFns ...func(*opensearch.Options)) (*opensearch.DescribeDomainOutput, error)
	UpdateDomainConfig(ctx context.Context, in *opensearch.UpdateDomainConfigInput, optFns ...func(*opensearch.Options)) (*opensearch.UpdateDomainConfigOutput, error)
	DeleteDomain(ctx context.Context, in *opensearch.DeleteDomainInput, optFns ...func(*opensearch.Options)) (*opensearch.DeleteDomainOutput, error)
	ListDomainNames(ctx context.Context, in *opensearch.ListDomainNamesInput, optFns ...func(*opensearch.Options)) (*opensearch.ListDomainNamesOutput, error)
	ListTags(ctx context.Context, in *opensearch.ListTagsInput, optFns ...func(*opensearch.Options)) (*opensearch.ListTagsOutput, error)
}

// TLSPolicy is the domain endpoint's TLS policy: TLS 1.2 or later with
// forward-secret ciphers only, the newest general-purpose policy AWS lists
// (https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html).
const TLSPolicy = ostypes.TLSSecurityPolicyPolicyMinTls12Pfs202310

// Typically is how long AWS takes to create (or delete) a one-node domain,
// for progress lines: "roughly 15-25 minutes", from
// https://docs.aws.amazon.com/opensearch-service/latest/developerguide/gsgcreate-domain.html
// and provider reports (not an AWS-stated bound).
const Typically = "15-25m"

// Domain is the opensearch.domain kind. A create takes AWS 15-25 minutes,
// so Ensure waits with progress and a deploy interrupted during the wait
// adopts the domain on its next run: it is tagged at create and recorded
// the moment CreateDomain answers.
type Domain struct {
	c DomainAPI
	// MaxWait bounds a wait for the domain to become usable or be gone,
	// when it is longer than the engine's.
	MaxWait time.Duration
	// Poll is the first wait between DescribeDomain calls; it doubles up
	// to MaxPoll.
	Poll, MaxPoll time.Duration
}

// NewDomain returns the domain kind on c.
func NewDomain(c DomainAPI) *Domain {
	return &Domain{c: c, MaxWait: 60 * time.Minute, Poll: 5 * time.Second, MaxPoll: 30 * time.Second}
}

var (
	_ service.Lister = (*Domain)(nil)
	_ service.Typed  = (*Domain)(nil)
)

// Kind implements service.Provider.
func (*Domain) Kind() plan.Kind { return plan.KindDomain }

// Always implements service.Lister: domains are listed only for a plan
// that has one.
func (*Domain) Always() bool { return false }

// DomainSettings are the settings of an opensearch.domain as the planner
// writes them. The size and engine are applied; the protections are
// always on, whatever the plan says, and index is what verify searches.
type DomainSettings struct {
	EngineVersion        string `setting:"engineVersion"`
	InstanceType         string `setting:"instanceType"`
	InstanceCount        int32  `setting:"instanceCount"`
	VolumeType           string `setting:"volumeType"`
	VolumeSizeGiB        int32  `setting:"volumeSizeGiB"`
	Index                string `setting:"index"`
	EncryptionAtRest     bool   `setting:"encryptionAtRest"`
	NodeToNodeEncryption bool   `setting:"nodeToNodeEncryption"`
	EnforceHTTPS         bool   `setting:"enforceHTTPS"`
	TLSPolicy            string `setting:"tlsPolicy"`
}

// NewSettings implements service.Typed.
func (*Domain) NewSettings() any { return &DomainSettings{} }

// settings is what the plan sets on the domain: its settings and access
// policy.
type settings struct {
	DomainSettings
	policy string
}

func settingsOf(r *plan.Resource) (settings, error) {
	s := settings{policy: string(r.Policy)}
	if err := service.Decode(r.Settings, &s.DomainSettings); err != nil {
		return s, fmt.Errorf("%s %s: %w", plan.KindDomain, r.Name, err)
	}
	return s, nil
}

func (s settings) cluster() *ostypes.ClusterConfig {
	return &ostypes.ClusterConfig{InstanceType: ostypes.OpenSearchPartitionInstanceType(s.InstanceType),
		InstanceCount: aws.Int32(s.InstanceCount), ZoneAwarenessEnabled: aws.Bool(false), DedicatedMasterEnabled: aws.Bool(false)}
}

func (s settings) ebs() *ostypes.EBSOptions {
	return &ostypes.EBSOptions{EBSEnabled: aws.Bool(true), VolumeType: ostypes.VolumeTypeGp3, VolumeSize: aws.Int32(s.VolumeSizeGiB)}
}

func endpointOptions() *ostypes.DomainEndpointOptions {
	return &ostypes.DomainEndpointOptions{EnforceHTTPS: aws.Bool(true), TLSSecurityPolicy: TLSPolicy}
}

// Ensure implements service.Provider: create the domain, or adopt the
// project's (one an interrupted deploy left creating, or an earlier one
// made) and put its access policy and protections back to the plan; then
// wait until it is usable (Processing false, an endpoint).
func (d *Domain) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	want, err := settingsOf(req.Resource)
	if err != nil {
		return nil, err
	}
	// Read first, always: moto answers CreateDomain on an existing name
	// by replacing that domain with the new request's settings (measured
	// on 5.2.1), where AWS answers ResourceAlreadyExistsException.
	st, err := d.describe(ctx, name)
	if err != nil {
		return nil, fmt.Errorf("read OpenSearch domain %s: %w", name, err)
	}
	created := false
	for attempt := 0; st == nil || aws.ToBool(st.Deleted); attempt++ {
		if st != nil {
			// An earlier destroy's delete is still running: the name is
			// AWS's until the domain is gone.
			req.Report(fmt.Sprintf("domain %s is still being deleted; waiting for it to be gone before creating it again", name))
			if err := d.waitGone(ctx, req.Env, name); err != nil {
				return nil, err
			}
		}
		if attempt == 2 {
			return nil, fmt.Errorf("create OpenSearch domain %s: AWS reports the name taken but no such domain: try again in a few minutes", name)
		}
		st, err = d.create(ctx, req, want)
		switch {
		case err == nil:
			created = true
			req.Created(outputs(name, st))
		case service.ErrorCode(err) == "ResourceAlreadyExistsException":
			// Created meanwhile (another deploy), or still deleting:
			// read it again and decide.
			if st, err = d.describe(ctx, name); err != nil {
				return nil, fmt.Errorf("read OpenSearch domain %s: %w", name, err)
			}
		case service.ErrorCode(err) == "LimitExceededException":
			return nil, fmt.Errorf("create OpenSearch domain %s: the account's OpenSearch quota is reached (%s). Delete a domain you no longer use, or raise the quota in Service Quotas (https://docs.aws.amazon.com/opensearch-service/latest/developerguide/limits.html)",
				name, service.ErrorMessage(err))
		default:
			return nil, fmt.Errorf("create OpenSearch domain %s: %w", name, err)
		}
	}
	if !created {
		if !req.Recorded {
			tags, err := d.tags(ctx, aws.ToString(st.ARN))
			if err != nil {
				return nil, fmt.Errorf("read tags of OpenSearch domain %s: %w", name, err)
			}
			if !req.Owns(tags) {
				return nil, fmt.Errorf("create OpenSearch domain: %s exists in this account and is not tagged %s=%s: %w. Rename opensearch.domain in wireup.yaml",
					name, plan.TagProject, req.Plan.Project, service.ErrNameTaken)
			}
		}
		req.Created(outputs(name, st))
		if aws.ToBool(st.Processing) {
			req.Report(fmt.Sprintf("domain %s is still being created or changed (an earlier deploy started it); waiting for it", name))
			if st, err = d.waitReady(ctx, req.Env, name); err != nil {
				return nil, err
			}
		}
		if v := aws.ToString(st.EngineVersion); v != "" && v != want.EngineVersion {
			// UpdateDomainConfig cannot change the engine; an upgrade
			// (UpgradeDomain) is one-way and the user's decision.
			req.Report(fmt.Sprintf("domain %s runs %s, the plan says %s: wireup does not upgrade a domain; upgrade it with `aws opensearch upgrade-domain` or set opensearch.engineVersion: %s", name, v, want.EngineVersion, v))
		}
		if diff := strings.Join(nonEmpty(configDiff(want, st), sizeDiff(want, st)), "; "); diff != "" {
			req.Report(fmt.Sprintf("domain %s: updating (%s); AWS applies a change of size with a blue/green deployment, which takes about as long as a create", name, diff))
			if err := d.update(ctx, req, want); err != nil {
				return nil, err
			}
		}
	}
	st, err = d.waitReady(ctx, req.Env, name)
	if err != nil {
		return nil, err
	}
	return outputs(name, st), nil
}

func (d *Domain) create(ctx context.Context, req *service.Request, want settings) (*ostypes.DomainStatus, error) {
	tags := service.TagList(req.Plan, func(k, v *string) ostypes.Tag { return ostypes.Tag{Key: k, Value: v} })
	in := &opensearch.CreateDomainInput{
		DomainName:                  aws.String(req.Resource.Name),
		EngineVersion:               aws.String(want.EngineVersion),
		ClusterConfig:               want.cluster(),
		EBSOptions:                  want.ebs(),
		EncryptionAtRestOptions:     &ostypes.EncryptionAtRestOptions{Enabled: aws.Bool(true)},
		NodeToNodeEncryptionOptions: &ostypes.NodeToNodeEncryptionOptions{Enabled: aws.Bool(true)},
		DomainEndpointOptions:       endpointOptions(),
		AccessPolicies:              aws.String(want.policy),
		TagList:                     tags,
	}
	// The access policy names the project's roles, which IAM may not
	// show OpenSearch yet.
	var out *opensearch.CreateDomainOutput
	err := req.Do(ctx, policyTransient, func() error {
		var err error
		out, err = d.c.CreateDomain(ctx, in)
		return err
	})
	if err != nil {
		return nil, err
	}
	if out.DomainStatus == nil {
		return &ostypes.DomainStatus{DomainName: aws.String(req.Resource.Name), Processing: aws.Bool(true)}, nil
	}
	return out.DomainStatus, nil
}

// policyTransient recognises an access policy naming a role IAM has not
// propagated yet: a ValidationException about the policy's principal.
// AWS documents ValidationException for CreateDomain, not its message for
// this case; the match is on the words it is expected to use, to be
// pinned on a real account.
func policyTransient(err error) bool {
	msg := strings.ToLower(service.ErrorMessage(err))
	return service.ErrorCode(err) == "ValidationException" && (strings.Contains(msg, "principal") || strings.Contains(msg, "access policies"))
}

// update puts the access policy and the protections back to the plan.
// Encryption at rest cannot be turned off once on; asking for it again is
// harmless.
func (d *Domain) update(ctx context.Context, req *service.Request, want settings) error {
	in := &opensearch.UpdateDomainConfigInput{
		DomainName:                  aws.String(req.Resource.Name),
		AccessPolicies:              aws.String(want.policy),
		ClusterConfig:               want.cluster(),
		EBSOptions:                  want.ebs(),
		EncryptionAtRestOptions:     &ostypes.EncryptionAtRestOptions{Enabled: aws.Bool(true)},
		NodeToNodeEncryptionOptions: &ostypes.NodeToNodeEncryptionOptions{Enabled: aws.Bool(true)},
		DomainEndpointOptions:       endpointOptions(),
	}
	err := req.Do(ctx, policyTransient, func() error {
		_, err := d.c.UpdateDomainConfig(ctx, in)
		return err
	})
	if err != nil {
		return fmt.Errorf("update OpenSearch domain %s: %w", req.Resource.Name, err)
	}
	return nil
}

// outputs are what the domain's dependents use: the IoT action and the
// reader take the endpoint, policies the ARN.
func outputs(name string, st *ostypes.DomainStatus) map[string]string {
	out := map[string]string{"name": name}
	if st == nil {
		return out
	}
	if a := aws.ToString(st.ARN); a != "" {
		out["arn"] = a
	}
	if e := aws.ToString(st.Endpoint); e != "" {
		out["endpoint"] = e
	}
	return out
}

// describe returns the domain's status, or nil when there is none.
func (d *Domain) describe(ctx context.Context, name string) (*ostypes.DomainStatus, error) {
	out, err := d.c.DescribeDomain(ctx, &opensearch.DescribeDomainInput{DomainName: aws.String(name)})
	switch {
	case err != nil && service.IsNotFound(err):
		return nil, nil
	case err != nil:
		return nil, err
	}
	return out.DomainStatus, nil
}

// ready reports a domain that serves requests: AWS is done with it
// (Processing false) and it has its endpoint. DomainProcessingStatus is
// newer and emulators leave it empty, so it is reported, not required.
func ready(st *ostypes.DomainStatus) bool {
	return st != nil && !aws.ToBool(st.Processing) && !aws.ToBool(st.Deleted) && aws.ToString(st.Endpoint) != ""
}

func (d *Domain) maxWait(env service.Env) time.Duration { return max(env.Wait(), d.MaxWait) }

// poll calls check with a backoff from d.Poll to d.MaxPoll until it is
// done, fails, or the wait is over, reporting progress at each call.
func (d *Domain) poll(ctx context.Context, env service.Env, what string, check func() (bool, string, error)) error {
	limit := d.maxWait(env)
	start := time.Now()
	wait := d.Poll
	for {
		done, state, err := check()
		if err != nil || done {
			return err
		}
		took := time.Since(start)
		if took > limit {
			return fmt.Errorf("%s: still %s after %s (AWS typically takes %s): run the command again later; it waits for the domain instead of creating another", what, state, took.Round(time.Second), Typically)
		}
		env.Report(fmt.Sprintf("%s: %s, %s of typically %s", what, state, took.Round(time.Second), Typically))
		if err := service.Sleep(ctx, wait); err != nil {
			return err
		}
		wait = min(wait*2, d.MaxPoll)
	}
}

// waitReady waits until the domain is usable and returns its status.
func (d *Domain) waitReady(ctx context.Context, env service.Env, name string) (*ostypes.DomainStatus, error) {
	var st *ostypes.DomainStatus
	err := d.poll(ctx, env, "OpenSearch domain "+name, func() (bool, string, error) {
		var err error
		if st, err = d.describe(ctx, name); err != nil {
			return false, "", fmt.Errorf("read OpenSearch domain %s: %w", name, err)
		}
		if st == nil {
			return false, "", fmt.Errorf("OpenSearch domain %s disappeared while it was being created: was it deleted by hand? Deploy again to create it", name)
		}
		return ready(st), state(st), nil
	})
	return st, err
}

// state says where a domain is, for progress lines.
func state(st *ostypes.DomainStatus) string {
	s := "Processing"
	if !aws.ToBool(st.Processing) {
		s = "no endpoint yet"
	}
	if p := string(st.DomainProcessingStatus); p != "" {
		s += " (" + p + ")"
	}
	return s
}

// waitGone waits until DescribeDomain no longer finds the domain.
func (d *Domain) waitGone(ctx context.Context, env service.Env, name string) error {
	return d.poll(ctx, env, "OpenSearch domain "+name, func() (bool, string, error) {
		st, err := d.describe(ctx, name)
		if err != nil {
			return false, "", fmt.Errorf("read OpenSearch domain %s: %w", name, err)
		}
		return st == nil, "deleting", nil
	})
}

// Exists implements service.Provider: a domain being deleted is gone.
func (d *Domain) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	st, err := d.describe(ctx, rec.Name)
	if err != nil {
		return false, err
	}
	return st != nil && !aws.ToBool(st.Deleted), nil
}

// Drift implements service.Provider: an access policy edited by hand (it
// may let anyone in), HTTPS no longer enforced or a weaker TLS policy,
// encryption turned off.
func (d *Domain) Drift(ctx context.Context, _ service.Env, r *plan.Resource, rec *service.Record) (string, error) {
	want, err := settingsOf(r)
	if err != nil {
		return "", err
	}
	st, err := d.describe(ctx, rec.Name)
	if err != nil {
		return "", fmt.Errorf("read OpenSearch domain %s: %w", rec.Name, err)
	}
	if st == nil {
		return "domain is gone", nil
	}
	return configDiff(want, st), nil
}

// configDiff names what of the live domain differs from the plan where it
// matters: who may call it, and how it is protected.
func configDiff(want settings, st *ostypes.DomainStatus) string {
	var diffs service.Diffs
	if !samePolicy(want.policy, aws.ToString(st.AccessPolicies)) {
		diffs = append(diffs, "access policy differs from the plan")
	}
	if e := st.DomainEndpointOptions; e == nil || !aws.ToBool(e.EnforceHTTPS) {
		diffs = append(diffs, "HTTPS is not enforced")
	} else if e.TLSSecurityPolicy != TLSPolicy {
		diffs = append(diffs, fmt.Sprintf("TLS policy %s, want %s", e.TLSSecurityPolicy, TLSPolicy))
	}
	if e := st.EncryptionAtRestOptions; e == nil || !aws.ToBool(e.Enabled) {
		diffs = append(diffs, "encryption at rest is off")
	}
	if e := st.NodeToNodeEncryptionOptions; e == nil || !aws.ToBool(e.Enabled) {
		diffs = append(diffs, "node-to-node encryption is off")
	}
	return diffs.String()
}

// sizeDiff names how the live domain's nodes and volume differ from the
// plan: a change of wireup.yaml, not a drift.
func sizeDiff(want settings, st *ostypes.DomainStatus) string {
	var diffs service.Diffs
	if c := st.ClusterConfig; c != nil {
		diffs.If(string(c.InstanceType) != want.InstanceType, "instance type %s, want %s", c.InstanceType, want.InstanceType)
		diffs.If(aws.ToInt32(c.InstanceCount) != want.InstanceCount, "%d nodes, want %d", aws.ToInt32(c.InstanceCount), want.InstanceCount)
	}
	if e := st.EBSOptions; e != nil && aws.ToInt32(e.VolumeSize) != want.VolumeSizeGiB {
		diffs = append(diffs, fmt.Sprintf("volume %d GiB, want %d", aws.ToInt32(e.VolumeSize), want.VolumeSizeGiB))
	}
	return diffs.String()
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// samePolicy compares two JSON policies by value.
func samePolicy(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return a == b
	}
	return reflect.DeepEqual(x, y)
}

// Delete implements service.Provider: delete the domain and wait until it
// is gone (AWS takes about as long as the create), so that destroy's
// check for leftovers finds nothing and a new deploy can reuse the name.
func (d *Domain) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	_, err := d.c.DeleteDomain(ctx, &opensearch.DeleteDomainInput{DomainName: aws.String(rec.Name)})
	if err != nil && service.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete OpenSearch domain %s: %w", rec.Name, err)
	}
	env.Report(fmt.Sprintf("domain %s: deleting; AWS typically takes %s", rec.Name, Typically))
	return d.waitGone(ctx, env, rec.Name)
}

// List implements service.Lister: every OpenSearch domain of the account,
// its tags read by the ARN DescribeDomain returns.
func (d *Domain) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	out, err := d.c.ListDomainNames(ctx, &opensearch.ListDomainNamesInput{EngineType: ostypes.EngineTypeOpenSearch})
	if err != nil {
		return nil, err
	}
	var listed []service.Listed
	for _, di := range out.DomainNames {
		n := aws.ToString(di.DomainName)
		listed = append(listed, service.Listed{Name: n, Outputs: map[string]string{"name": n}, Tags: func(ctx context.Context) (map[string]string, error) {
			st, err := d.describe(ctx, n)
			if err != nil || st == nil || aws.ToBool(st.Deleted) {
				return nil, err
			}
			return d.tags(ctx, aws.ToString(st.ARN))
		}})
	}
	return listed, nil
}

func (d *Domain) tags(ctx context.Context, domainARN string) (map[string]string, error) {
	out, err := d.c.ListTags(ctx, &opensearch.ListTagsInput{ARN: aws.String(domainARN)})
	if err != nil {
		return nil, err
	}
	return service.TagsOf(out.TagList, func(t ostypes.Tag) (*string, *string) { return t.Key, t.Value }), nil
}
