package redshiftserverless

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/redshiftserverless"
	sltypes "github.com/aws/aws-sdk-go-v2/service/redshiftserverless/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
)

// WorkgroupAPI is the part of the Redshift Serverless client the workgroup
// kind uses.
type WorkgroupAPI interface {
	TagsAPI
	CreateWorkgroup(ctx context.Context, in *redshiftserverless.CreateWorkgroupInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.CreateWorkgroupOutput, error)
	GetWorkgroup(ctx context.Context, in *redshiftserverless.GetWorkgroupInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.GetWorkgroupOutput, error)
	UpdateWorkgroup(ctx context.Context, in *redshiftserverless.UpdateWorkgroupInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.UpdateWorkgroupOutput, error)
	DeleteWorkgroup(ctx context.Context, in *redshiftserverless.DeleteWorkgroupInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.DeleteWorkgroupOutput, error)
	ListWorkgroups(ctx context.Context, in *redshiftserverless.ListWorkgroupsInput, optFns ...func(*redshiftserverless.Options)) (*redshiftserverless.ListWorkgroupsOutput, error)
}

// Workgroup is the redshift-serverless.workgroup kind: the compute of the
// namespace at the planned base capacity, not publicly accessible (but on
// a route a delivery stream loads, see
// WorkgroupSettings.PubliclyAccessible), in the
// account's default VPC (wireup creates no network). It bills RPU-hours
// only while queries run
// (https://docs.aws.amazon.com/redshift/latest/mgmt/serverless-billing.html).
type Workgroup struct{ c WorkgroupAPI }

// NewWorkgroup returns the workgroup kind on c.
func NewWorkgroup(c WorkgroupAPI) *Workgroup { return &Workgroup{c: c} }

var (
	_ service.Lister = (*Workgroup)(nil)
	_ service.Typed  = (*Workgroup)(nil)
)

// WorkgroupSettings are the settings of a redshift-serverless.workgroup
// as the planner writes them, with its namespace's name resolved at
// apply.
type WorkgroupSettings struct {
	BaseCapacity int32 `setting:"baseCapacity"`
	// PubliclyAccessible is whether the plan makes the workgroup publicly
	// accessible: only when a delivery stream loads it, as Firehose
	// reaches Redshift over its public endpoint and wireup creates no VPC
	// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-rs).
	// Which addresses may connect stays the security group's, which the
	// user opens to the Firehose CIDR of the Region.
	PubliclyAccessible bool   `setting:"publiclyAccessible"`
	Namespace          string `setting:"namespace"`
}

// NewSettings implements service.Typed.
func (*Workgroup) NewSettings() any { return &WorkgroupSettings{} }

// Kind implements service.Provider.
func (*Workgroup) Kind() plan.Kind { return plan.KindServerlessWorkgroup }

// Always implements service.Lister.
func (*Workgroup) Always() bool { return false }

// Ensure implements service.Provider: create the workgroup and wait until
// it is AVAILABLE (minutes on AWS). A deploy interrupted while it was
// creating finds it by name and waits; one still being deleted is waited
// out and created again; a workgroup of another project is refused.
func (w *Workgroup) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	nm := req.Resource.Name
	var in WorkgroupSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("%s %s: %w", plan.KindServerlessWorkgroup, nm, err)
	}
	what := "Redshift Serverless workgroup " + nm
	if err := refuse(req.Env, what); err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		if attempt == maxCreates {
			return nil, fmt.Errorf("create %s: the name stays in conflict but is not found; deploy again in a few minutes", what)
		}
		_, err := w.c.CreateWorkgroup(ctx, &redshiftserverless.CreateWorkgroupInput{WorkgroupName: aws.String(nm),
			NamespaceName: aws.String(in.Namespace), BaseCapacity: aws.Int32(in.BaseCapacity),
			PubliclyAccessible: aws.Bool(in.PubliclyAccessible), EnhancedVpcRouting: aws.Bool(false), Tags: serverlessTags(req.Plan)})
		if err == nil {
			req.Created(map[string]string{"name": nm})
			break
		}
		if service.ErrorCode(err) != codeConflict {
			return nil, createError(what, err)
		}
		got, gerr := w.get(ctx, nm)
		if service.ErrorCode(gerr) == codeNotFound {
			continue
		}
		if gerr != nil {
			return nil, fmt.Errorf("create %s: %w (and reading it: %v)", what, err, gerr)
		}
		if got.Status == sltypes.WorkgroupStatusDeleting {
			if err := w.gone(ctx, req.Wait(), nm); err != nil {
				return nil, fmt.Errorf("create %s: an earlier delete is still running: %w", what, err)
			}
			continue
		}
		if err := owned(ctx, w.c, req, what, aws.ToString(got.WorkgroupArn), "redshift.workgroup"); err != nil {
			return nil, err
		}
		if ns := aws.ToString(got.NamespaceName); ns != in.Namespace {
			return nil, fmt.Errorf("create %s: it exists on namespace %s, not %s: %w. Rename redshift.workgroup in wireup.yaml", what, ns, in.Namespace, service.ErrNameTaken)
		}
		break
	}
	wg, err := w.available(ctx, req.Wait(), nm)
	if err != nil {
		return nil, err
	}
	if aws.ToInt32(wg.BaseCapacity) != in.BaseCapacity || aws.ToBool(wg.PubliclyAccessible) != in.PubliclyAccessible {
		if _, err := w.c.UpdateWorkgroup(ctx, &redshiftserverless.UpdateWorkgroupInput{WorkgroupName: aws.String(nm),
			BaseCapacity: aws.Int32(in.BaseCapacity), PubliclyAccessible: aws.Bool(in.PubliclyAccessible)}); err != nil {
			return nil, fmt.Errorf("update %s: %w", what, err)
		}
		if wg, err = w.available(ctx, req.Wait(), nm); err != nil {
			return nil, err
		}
	}
	out := map[string]string{"name": nm, "arn": aws.ToString(wg.WorkgroupArn), "id": aws.ToString(wg.WorkgroupId)}
	if e := wg.Endpoint; e != nil {
		out["endpoint"], out["port"] = aws.ToString(e.Address), strconv.Itoa(int(aws.ToInt32(e.Port)))
	}
	return out, nil
}

func (w *Workgroup) get(ctx context.Context, nm string) (*sltypes.Workgroup, error) {
	out, err := w.c.GetWorkgroup(ctx, &redshiftserverless.GetWorkgroupInput{WorkgroupName: aws.String(nm)})
	if err != nil {
		return nil, err
	}
	return out.Workgroup, nil
}

// available waits until the workgroup is AVAILABLE.
func (w *Workgroup) available(ctx context.Context, wait time.Duration, nm string) (*sltypes.Workgroup, error) {
	var wg *sltypes.Workgroup
	err := service.Poll(ctx, wait, "wait for Redshift Serverless workgroup "+nm+" to be AVAILABLE (typically 2-5 minutes)", func() (bool, error) {
		got, err := w.get(ctx, nm)
		if err != nil {
			return false, err
		}
		wg = got
		return got.Status == sltypes.WorkgroupStatusAvailable, nil
	})
	return wg, stillCreating(err)
}

// gone waits until GetWorkgroup no longer finds nm.
func (w *Workgroup) gone(ctx context.Context, wait time.Duration, nm string) error {
	return untilGone(ctx, wait, "Redshift Serverless workgroup "+nm, func() error { _, err := w.get(ctx, nm); return err })
}

// Exists implements service.Provider.
func (w *Workgroup) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := w.get(ctx, name(rec))
	return existsBy(err)
}

// Drift implements service.Provider: a workgroup opened to the internet,
// or resized by hand (the cost row and the usage limit assume the base
// capacity).
func (w *Workgroup) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	var want WorkgroupSettings
	if err := service.Decode(rec.Inputs, &want); err != nil {
		return "", fmt.Errorf("%s %s: %w", plan.KindServerlessWorkgroup, rec.Name, err)
	}
	wg, err := w.get(ctx, name(rec))
	if err != nil {
		return "", fmt.Errorf("read Redshift Serverless workgroup %s: %w", name(rec), err)
	}
	var diffs []string
	if aws.ToBool(wg.PubliclyAccessible) && !want.PubliclyAccessible {
		diffs = append(diffs, "publicly accessible")
	}
	if g, want := aws.ToInt32(wg.BaseCapacity), want.BaseCapacity; want != 0 && g != want {
		diffs = append(diffs, fmt.Sprintf("base capacity %d RPUs, want %d", g, want))
	}
	return strings.Join(diffs, "; "), nil
}

// Delete implements service.Provider: retried while the workgroup is
// still creating or modifying (ConflictException), then waits until it is
// gone, so the namespace after it can be deleted.
func (w *Workgroup) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	nm := name(rec)
	return deleteAndWait(ctx, env.Wait(), "Redshift Serverless workgroup "+nm,
		func() error {
			_, err := w.c.DeleteWorkgroup(ctx, &redshiftserverless.DeleteWorkgroupInput{WorkgroupName: aws.String(nm)})
			return err
		},
		func() error { _, err := w.get(ctx, nm); return err })
}

// List implements service.Lister: every workgroup, every page.
func (w *Workgroup) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	var out []service.Listed
	pg := redshiftserverless.NewListWorkgroupsPaginator(w.c, &redshiftserverless.ListWorkgroupsInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if unlisted(err) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		for _, wg := range page.Workgroups {
			nm, arn := aws.ToString(wg.WorkgroupName), aws.ToString(wg.WorkgroupArn)
			out = append(out, service.Listed{Name: nm, Outputs: map[string]string{"name": nm, "arn": arn},
				Tags: func(ctx context.Context) (map[string]string, error) { return tagsOf(ctx, w.c, arn) }})
		}
	}
	return out, nil
}
