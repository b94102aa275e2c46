package athena

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/athena"
	athenatypes "github.com/aws/aws-sdk-go-v2/service/athena/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// WorkGroupAPI is the part of the Athena client the workgroup kind uses.
type WorkGroupAPI interface {
	CreateWorkGroup(ctx context.Context, in *athena.CreateWorkGroupInput, optFns ...func(*athena.Options)) (*athena.CreateWorkGroupOutput, error)
	GetWorkGroup(ctx context.Context, in *athena.GetWorkGroupInput, optFns ...func(*athena.Options)) (*athena.GetWorkGroupOutput, error)
	UpdateWorkGroup(ctx context.Context, in *athena.UpdateWorkGroupInput, optFns ...func(*athena.Options)) (*athena.UpdateWorkGroupOutput, error)
	DeleteWorkGroup(ctx context.Context, in *athena.DeleteWorkGroupInput, optFns ...func(*athena.Options)) (*athena.DeleteWorkGroupOutput, error)
	ListWorkGroups(ctx context.Context, in *athena.ListWorkGroupsInput, optFns ...func(*athena.Options)) (*athena.ListWorkGroupsOutput, error)
	ListTagsForResource(ctx context.Context, in *athena.ListTagsForResourceInput, optFns ...func(*athena.Options)) (*athena.ListTagsForResourceOutput, error)
}

// WorkGroup is the athena.workgroup kind: every query in it writes its
// results, encrypted, under the planned location (the workgroup's
// settings override the client's: EnforceWorkGroupConfiguration), and a
// query that would scan more than the cutoff is cancelled.
type WorkGroup struct{ c WorkGroupAPI }

// NewWorkGroup returns the workgroup kind on c.
func NewWorkGroup(c WorkGroupAPI) *WorkGroup { return &WorkGroup{c: c} }

var (
	_ service.Lister = (*WorkGroup)(nil)
	_ service.Typed  = (*WorkGroup)(nil)
)

// WorkGroupSettings are a workgroup's settings, as the athena planner
// writes them, with the results bucket resolved at apply. KMSKey is the
// ARN of the key that encrypts the results, or "" for SSE-S3.
type WorkGroupSettings struct {
	Bucket        string `setting:"bucket"`
	ResultsPrefix string `setting:"resultsPrefix"`
	CutoffBytes   int64  `setting:"cutoffBytes"`
	KMSKey        string `setting:"kmsKey"`
}

// NewSettings implements service.Typed.
func (*WorkGroup) NewSettings() any { return &WorkGroupSettings{} }

// Kind implements service.Provider.
func (*WorkGroup) Kind() plan.Kind { return plan.KindWorkGroup }

// Always implements service.Lister: workgroups are listed only for a plan
// that has one, so that a project without Athena never depends on a
// target's Athena API (kumo has no ListWorkGroups).
func (*WorkGroup) Always() bool { return false }

// OutputLocation is where the workgroup writes query results.
func OutputLocation(bucket, prefix string) string { return "s3://" + bucket + "/" + prefix }

// encryption is the results' encryption: SSE-KMS with the bucket's key,
// or SSE-S3
// (https://docs.aws.amazon.com/athena/latest/ug/encrypting-query-results-stored-in-s3.html).
func encryption(in *WorkGroupSettings) *athenatypes.EncryptionConfiguration {
	if k := in.KMSKey; k != "" {
		return &athenatypes.EncryptionConfiguration{EncryptionOption: athenatypes.EncryptionOptionSseKms, KmsKey: aws.String(k)}
	}
	return &athenatypes.EncryptionConfiguration{EncryptionOption: athenatypes.EncryptionOptionSseS3}
}

// Ensure implements service.Provider: create the workgroup, or adopt the
// project's and put its configuration back to the plan.
func (w *WorkGroup) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	name := req.Resource.Name
	in, err := service.DecodeFor[WorkGroupSettings](plan.KindWorkGroup, name, req.Inputs)
	if err != nil {
		return nil, err
	}
	outputs := map[string]string{"name": name}
	loc := OutputLocation(in.Bucket, in.ResultsPrefix)
	tags := service.TagList(req.Plan, func(k, v *string) athenatypes.Tag { return athenatypes.Tag{Key: k, Value: v} })
	_, err = w.c.CreateWorkGroup(ctx, &athena.CreateWorkGroupInput{Name: aws.String(name), Tags: tags,
		Description: aws.String("wireup project " + req.Plan.Project),
		Configuration: &athenatypes.WorkGroupConfiguration{
			ResultConfiguration:             &athenatypes.ResultConfiguration{OutputLocation: aws.String(loc), EncryptionConfiguration: encryption(in)},
			EnforceWorkGroupConfiguration:   aws.Bool(true),
			PublishCloudWatchMetricsEnabled: aws.Bool(true),
			BytesScannedCutoffPerQuery:      aws.Int64(in.CutoffBytes),
		}})
	switch {
	case err == nil:
		req.Created(outputs)
		return outputs, nil
	case !strings.Contains(strings.ToLower(service.ErrorMessage(err)), "already"):
		return nil, fmt.Errorf("create Athena workgroup %s: %w", name, err)
	}
	if err := service.Adopt(req, "Athena workgroup", name, "athena.workGroup", func() (*athena.ListTagsForResourceOutput, error) {
		return w.c.ListTagsForResource(ctx, &athena.ListTagsForResourceInput{ResourceARN: aws.String(ARN(req.Plan.Env, name))})
	}, func(out *athena.ListTagsForResourceOutput) map[string]string {
		return service.TagsOf(out.Tags, athenaTag)
	}); err != nil {
		return nil, err
	}
	_, err = w.c.UpdateWorkGroup(ctx, &athena.UpdateWorkGroupInput{WorkGroup: aws.String(name), State: athenatypes.WorkGroupStateEnabled,
		ConfigurationUpdates: &athenatypes.WorkGroupConfigurationUpdates{
			ResultConfigurationUpdates:      &athenatypes.ResultConfigurationUpdates{OutputLocation: aws.String(loc), EncryptionConfiguration: encryption(in)},
			EnforceWorkGroupConfiguration:   aws.Bool(true),
			PublishCloudWatchMetricsEnabled: aws.Bool(true),
			BytesScannedCutoffPerQuery:      aws.Int64(in.CutoffBytes),
		}})
	if err != nil {
		return nil, fmt.Errorf("update Athena workgroup %s: %w", name, err)
	}
	return outputs, nil
}

// Exists implements service.Provider. moto answers a deleted workgroup
// with an empty one rather than an error.
func (w *WorkGroup) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	out, err := w.c.GetWorkGroup(ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String(rec.Name)})
	if err == nil && (out.WorkGroup == nil || aws.ToString(out.WorkGroup.Name) == "") {
		return false, nil
	}
	return exists(err)
}

// Drift implements service.Provider: a workgroup whose settings no longer
// bind its queries (not enforced, no cutoff, results elsewhere or
// unencrypted) runs them at the caller's discretion and cost.
func (w *WorkGroup) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	out, err := w.c.GetWorkGroup(ctx, &athena.GetWorkGroupInput{WorkGroup: aws.String(rec.Name)})
	if err != nil {
		return "", fmt.Errorf("read Athena workgroup %s: %w", rec.Name, err)
	}
	if out.WorkGroup == nil || out.WorkGroup.Configuration == nil {
		return "workgroup has no configuration", nil
	}
	in, err := service.DecodeFor[WorkGroupSettings](plan.KindWorkGroup, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	return configDiff(in, out.WorkGroup), nil
}

// configDiff names what of the live workgroup differs from the plan.
func configDiff(in *WorkGroupSettings, wg *athenatypes.WorkGroup) string {
	c := wg.Configuration
	var diffs service.Diffs
	if !aws.ToBool(c.EnforceWorkGroupConfiguration) {
		diffs = append(diffs, "EnforceWorkGroupConfiguration is off: clients may send results elsewhere")
	}
	if g, want := aws.ToInt64(c.BytesScannedCutoffPerQuery), in.CutoffBytes; g != want {
		diffs = append(diffs, fmt.Sprintf("BytesScannedCutoffPerQuery %d, want %d", g, want))
	}
	rc := c.ResultConfiguration
	if rc == nil {
		rc = &athenatypes.ResultConfiguration{}
	}
	if g, want := aws.ToString(rc.OutputLocation), OutputLocation(in.Bucket, in.ResultsPrefix); g != want {
		diffs = append(diffs, fmt.Sprintf("results location %q, want %s", g, want))
	}
	var enc athenatypes.EncryptionOption
	if rc.EncryptionConfiguration != nil {
		enc = rc.EncryptionConfiguration.EncryptionOption
	}
	if want := encryption(in).EncryptionOption; enc != want {
		diffs = append(diffs, fmt.Sprintf("results encryption %q, want %s", enc, want))
	}
	if wg.State == athenatypes.WorkGroupStateDisabled {
		diffs = append(diffs, "workgroup is disabled")
	}
	return diffs.String()
}

// Delete implements service.Provider: with its named queries and query
// history (RecursiveDeleteOption).
func (w *WorkGroup) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := w.c.DeleteWorkGroup(ctx, &athena.DeleteWorkGroupInput{WorkGroup: aws.String(rec.Name), RecursiveDeleteOption: aws.Bool(true)})
	if err != nil && notFound(err) {
		return nil
	}
	return err
}

// List implements service.Lister: every workgroup but the account's
// primary one, its tags read by the ARN Athena documents.
func (w *WorkGroup) List(ctx context.Context, p *plan.Plan) ([]service.Listed, error) {
	var out []service.Listed
	pg := athena.NewListWorkGroupsPaginator(w.c, &athena.ListWorkGroupsInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if service.ErrorCode(err) == "InvalidAction" {
			// The target has no listing (kumo: "The action
			// ListWorkGroups is not valid"); what the state records is
			// still deleted by name, only unrecorded workgroups go
			// unseen there.
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		for _, wg := range page.WorkGroups {
			n := aws.ToString(wg.Name)
			if n == "primary" {
				continue
			}
			a := ARN(p.Env, n)
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n}, Tags: func(ctx context.Context) (map[string]string, error) {
				tg, err := w.c.ListTagsForResource(ctx, &athena.ListTagsForResourceInput{ResourceARN: aws.String(a)})
				if err != nil {
					return nil, err
				}
				return service.TagsOf(tg.Tags, athenaTag), nil
			}})
		}
	}
	return out, nil
}

func athenaTag(t athenatypes.Tag) (*string, *string) { return t.Key, t.Value }
