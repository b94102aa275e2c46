package lambda

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/service/lambda/eventsource"
)

// FunctionAPI is the part of the Lambda client the function kind uses.
type FunctionAPI interface {
	CreateFunction(ctx context.Context, in *lambda.CreateFunctionInput, optFns ...func(*lambda.Options)) (*lambda.CreateFunctionOutput, error)
	GetFunction(ctx context.Context, in *lambda.GetFunctionInput, optFns ...func(*lambda.Options)) (*lambda.GetFunctionOutput, error)
	UpdateFunctionCode(ctx context.Context, in *lambda.UpdateFunctionCodeInput, optFns ...func(*lambda.Options)) (*lambda.UpdateFunctionCodeOutput, error)
	DeleteFunction(ctx context.Context, in *lambda.DeleteFunctionInput, optFns ...func(*lambda.Options)) (*lambda.DeleteFunctionOutput, error)
	ListFunctions(ctx context.Context, in *lambda.ListFunctionsInput, optFns ...func(*lambda.Options)) (*lambda.ListFunctionsOutput, error)
	ListTags(ctx context.Context, in *lambda.ListTagsInput, optFns ...func(*lambda.Options)) (*lambda.ListTagsOutput, error)
	ListEventSourceMappings(ctx context.Context, in *lambda.ListEventSourceMappingsInput, optFns ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error)
}

// Function is the lambda.function kind: the route's handler, built by
// wireup into a deployment package and run on provided.al2023. Its event
// source mappings outlive it, so it reports them as its children and
// looks for them again after destroy.
type Function struct{ c FunctionAPI }

// NewFunction returns the function kind on c.
func NewFunction(c FunctionAPI) *Function { return &Function{c: c} }

var (
	_ service.Lister  = (*Function)(nil)
	_ service.Parent  = (*Function)(nil)
	_ service.Sweeper = (*Function)(nil)
	_ service.Typed   = (*Function)(nil)
)

// FunctionSettings are a function's settings, as the lambda planner
// writes them, with its execution role's ARN resolved at apply.
type FunctionSettings struct {
	MemoryMiB      int32  `setting:"memoryMiB"`
	TimeoutSeconds int32  `setting:"timeoutSeconds"`
	Package        string `setting:"package"` // the handler's Go package, built into the deployment package
	Role           string `setting:"role"`
}

// NewSettings implements service.Typed.
func (*Function) NewSettings() any { return &FunctionSettings{} }

// Kind implements service.Provider.
func (*Function) Kind() plan.Kind { return plan.KindFunction }

// Always implements service.Lister: functions are listed whatever the
// plan holds.
func (*Function) Always() bool { return true }

// Ensure implements service.Provider.
func (f *Function) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	c, p, r := f.c, req.Plan, req.Resource
	var in FunctionSettings
	if err := service.Decode(req.Inputs, &in); err != nil {
		return nil, fmt.Errorf("%s %s: %w", plan.KindFunction, r.Name, err)
	}
	zip := req.Artifact
	if len(zip) == 0 {
		return nil, fmt.Errorf("no deployment package for %s: build %s first", r.Name, in.Package)
	}
	var fnARN, sha string
	err := req.Do(ctx, func(err error) bool {
		return service.ErrorCode(err) == "InvalidParameterValueException" && service.RoleTransient(err)
	}, func() error {
		out, err := c.CreateFunction(ctx, &lambda.CreateFunctionInput{
			FunctionName: aws.String(r.Name), Role: aws.String(in.Role),
			Runtime: lambdatypes.RuntimeProvidedal2023, Handler: aws.String("bootstrap"),
			Architectures: []lambdatypes.Architecture{lambdatypes.ArchitectureX8664},
			Code:          &lambdatypes.FunctionCode{ZipFile: zip},
			MemorySize:    aws.Int32(in.MemoryMiB), Timeout: aws.Int32(in.TimeoutSeconds),
			Tags: service.TagMap(p), Description: aws.String("wireup " + p.Project),
		})
		if err == nil {
			fnARN, sha = aws.ToString(out.FunctionArn), aws.ToString(out.CodeSha256)
			req.Created(map[string]string{"name": r.Name, "arn": fnARN})
		}
		return err
	})
	switch {
	case err == nil:
	case service.ErrorCode(err) == "ResourceConflictException":
		got, gerr := c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(r.Name)})
		if gerr != nil {
			return nil, fmt.Errorf("get function: %w", gerr)
		}
		if !req.Owns(got.Tags) {
			return nil, fmt.Errorf("create function: %s exists and is not tagged %s=%s: %w. Rename lambda.function in wireup.yaml", r.Name, plan.TagProject, p.Project, service.ErrNameTaken)
		}
		fnARN = aws.ToString(got.Configuration.FunctionArn)
		up, err := c.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{FunctionName: aws.String(r.Name), ZipFile: zip})
		if err != nil {
			return nil, fmt.Errorf("update function code: %w", err)
		}
		sha = aws.ToString(up.CodeSha256)
		if err := lambda.NewFunctionUpdatedV2Waiter(c).Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(r.Name)}, req.Wait()); err != nil {
			return nil, fmt.Errorf("wait for function update: %w", err)
		}
	default:
		return nil, fmt.Errorf("create function: %w", err)
	}
	if err := lambda.NewFunctionActiveV2Waiter(c).Wait(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(r.Name)}, req.Wait()); err != nil {
		return nil, fmt.Errorf("wait for function: %w", err)
	}
	out := map[string]string{"name": r.Name, "arn": fnARN}
	if sha != "" {
		// What status compares the live code with (Drift).
		out["codeSha256"] = sha
	}
	return out, nil
}

// Exists implements service.Provider.
func (f *Function) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := f.c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(rec.Name)})
	return service.Exists(err)
}

// Drift implements service.Provider: the function's live code is compared
// with what the last deploy uploaded, by the CodeSha256 Lambda reports
// (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionConfiguration.html):
// code deployed from the console or another tool shows as drift, and the
// next deploy puts the project's handler back. A new local build is not
// drift: the recorded hash covers it. (A state written before wireup
// recorded the digest compares nothing.)
func (f *Function) Drift(ctx context.Context, _ service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	want := rec.Outputs["codeSha256"]
	if want == "" {
		return "", nil
	}
	got, err := f.c.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(rec.Name)})
	if err != nil {
		return "", err
	}
	if live := aws.ToString(got.Configuration.CodeSha256); live != "" && live != want {
		return fmt.Sprintf("the function's code was changed outside wireup (CodeSha256 %s, deployed %s)", live, want), nil
	}
	return "", nil
}

// Delete implements service.Provider. Lambda keeps the function's event
// source mappings; destroy deletes them first, as its children.
func (f *Function) Delete(ctx context.Context, _ service.Env, rec *service.Record) error {
	_, err := f.c.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(rec.Name)})
	return err
}

// List implements service.Lister: every function; Lambda returns at most
// 50 a page, whatever MaxItems asks.
func (f *Function) List(ctx context.Context, _ *plan.Plan) ([]service.Listed, error) {
	pg := lambda.NewListFunctionsPaginator(f.c, &lambda.ListFunctionsInput{MaxItems: aws.Int32(1000)})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *lambda.ListFunctionsOutput) (out []service.Listed) {
		for _, fn := range page.Functions {
			n, a := aws.ToString(fn.FunctionName), aws.ToString(fn.FunctionArn)
			out = append(out, service.Listed{Name: n, Outputs: map[string]string{"name": n, "arn": a}, Tags: func(ctx context.Context) (map[string]string, error) {
				t, err := f.c.ListTags(ctx, &lambda.ListTagsInput{Resource: aws.String(a)})
				if err != nil {
					return nil, err
				}
				return t.Tags, nil
			}})
		}
		return out
	})
}

// Children implements service.Parent: a found function's event source
// mappings, each keyed on its UUID: a function can have several (the
// spec's source changed, or a redeploy after the state was lost created
// another), and each is a resource of its own to delete. A listing that
// fails stops there: what it found so far exists all the same.
func (f *Function) Children(ctx context.Context, fn *service.Found) []*service.Found {
	var out []*service.Found
	uuids, _ := eventsource.UUIDs(ctx, f.c, fn.State.Name)
	for _, u := range uuids {
		out = append(out, service.Child(fn, eventsource.ID(u), plan.KindEventSourceMapping, map[string]string{"uuid": u}))
	}
	return out
}

// Leftovers implements service.Sweeper: the event source mappings left on
// the functions that destroy deleted or the plan names, once the function
// is gone (left holds the functions still there, whose mappings Discover
// lists as their children). Discover reaches mappings only through a
// listed function, and Lambda does not delete a function's mappings with
// it: without this listing a leftover mapping would pass the check.
func (f *Function) Leftovers(ctx context.Context, p *plan.Plan, deleted []*service.Record, left []*service.Found) ([]*service.Found, error) {
	names := map[string]bool{}
	for _, r := range p.Resources {
		if r.Kind == plan.KindFunction {
			names[r.Name] = true
		}
	}
	for _, rec := range deleted {
		if plan.Kind(rec.Kind) == plan.KindFunction {
			names[rec.Name] = true
		}
	}
	for _, found := range left {
		if plan.Kind(found.State.Kind) == plan.KindFunction {
			delete(names, found.State.Name)
		}
	}
	var out []*service.Found
	for _, n := range slices.Sorted(maps.Keys(names)) {
		uuids, err := eventsource.UUIDs(ctx, f.c, n)
		// AWS, moto and kumo list a deleted function's mappings by its
		// name; a target that answers "no such function" instead cannot
		// show them, and the check is as blind as before there.
		if service.IsNotFound(err) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("list event source mappings of %s: %w", n, err)
		}
		for _, u := range uuids {
			out = append(out, &service.Found{State: &service.Record{ID: eventsource.ID(u), Kind: string(plan.KindEventSourceMapping), Name: n, Outputs: map[string]string{"uuid": u}}})
		}
	}
	return out, nil
}
