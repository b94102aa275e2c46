// Package eventsource is Lambda's event source mapping resource kind. The
// lambda package plans the mapping, lists the kind with its own, and finds
// a function's mappings with UUIDs.
package eventsource

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/targets"
)

// API is the part of the Lambda client the event source mapping kind
// uses.
type API interface {
	ListEventSourceMappings(ctx context.Context, in *lambda.ListEventSourceMappingsInput, optFns ...func(*lambda.Options)) (*lambda.ListEventSourceMappingsOutput, error)
	CreateEventSourceMapping(ctx context.Context, in *lambda.CreateEventSourceMappingInput, optFns ...func(*lambda.Options)) (*lambda.CreateEventSourceMappingOutput, error)
	UpdateEventSourceMapping(ctx context.Context, in *lambda.UpdateEventSourceMappingInput, optFns ...func(*lambda.Options)) (*lambda.UpdateEventSourceMappingOutput, error)
	GetEventSourceMapping(ctx context.Context, in *lambda.GetEventSourceMappingInput, optFns ...func(*lambda.Options)) (*lambda.GetEventSourceMappingOutput, error)
	DeleteEventSourceMapping(ctx context.Context, in *lambda.DeleteEventSourceMappingInput, optFns ...func(*lambda.Options)) (*lambda.DeleteEventSourceMappingOutput, error)
}

// Mapping is the lambda.event-source-mapping kind: Lambda
// polling a queue or a stream for the route's function, with batch item
// failures reported and, for a stream, its error handling. One function
// can have several, so a mapping is known by the UUID Lambda gave it.
type Mapping struct{ c API }

// New returns the event source mapping kind on c.
func New(c API) *Mapping { return &Mapping{c: c} }

var (
	_ service.Identifier = (*Mapping)(nil)
	_ service.Typed      = (*Mapping)(nil)
)

// MappingSettings are an event source mapping's settings, as the lambda
// planner writes them, with the function and source it resolves at apply.
// MaximumRetryAttempts is set (-1 or more) on a stream mapping only.
type MappingSettings struct {
	FunctionName               string   `setting:"functionName"`
	EventSourceARN             string   `setting:"eventSourceArn"`
	BatchSize                  int32    `setting:"batchSize"`
	BatchWindowSeconds         int32    `setting:"batchWindowSeconds"`
	StartingPosition           string   `setting:"startingPosition"`
	FunctionResponseTypes      []string `setting:"functionResponseTypes"`
	MaximumRetryAttempts       int32    `setting:"maximumRetryAttempts"`
	BisectBatchOnFunctionError bool     `setting:"bisectBatchOnFunctionError"`
	OnFailureARN               string   `setting:"onFailureArn"`
}

// NewSettings implements service.Typed.
func (*Mapping) NewSettings() any { return &MappingSettings{} }

// Kind implements service.Provider.
func (*Mapping) Kind() plan.Kind { return plan.KindEventSourceMapping }

// Identity implements service.Identifier: the mapping's UUID.
func (*Mapping) Identity(rec *service.Record) string { return rec.Outputs["uuid"] }

// ID is the resource id of a discovered event source mapping.
func ID(uuid string) string { return string(plan.KindEventSourceMapping) + "/" + uuid }

// Ensure implements service.Provider.
func (m *Mapping) Ensure(ctx context.Context, req *service.Request) (map[string]string, error) {
	c := m.c
	in, err := service.DecodeFor[MappingSettings](plan.KindEventSourceMapping, req.Resource.Name, req.Inputs)
	if err != nil {
		return nil, err
	}
	list, err := c.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String(in.FunctionName), EventSourceArn: aws.String(in.EventSourceARN)})
	if err != nil {
		return nil, fmt.Errorf("list event source mappings: %w", err)
	}
	// Lambda checks the execution role against the source and the
	// on-failure destination, so both calls can meet IAM's delay.
	transient := func(err error) bool {
		return service.ErrorCode(err) == "InvalidParameterValueException" && service.RoleTransient(err)
	}
	var uuid string
	if len(list.EventSourceMappings) > 0 {
		// The mapping exists (an interrupted deploy, or the spec changed):
		// bring what can change to the plan. The starting position cannot.
		uuid = aws.ToString(list.EventSourceMappings[0].UUID)
		if err := m.deleteExtras(ctx, list.EventSourceMappings, uuid); err != nil {
			return nil, err
		}
		err = req.Do(ctx, transient, func() error {
			_, err := c.UpdateEventSourceMapping(ctx, mappingUpdate(uuid, in))
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("update event source mapping: %w", err)
		}
	} else {
		input := mappingCreate(in)
		err := req.Do(ctx, transient, func() error {
			var err error
			uuid, err = m.create(ctx, input)
			if err == nil {
				req.Created(map[string]string{"uuid": uuid})
			}
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("create event source mapping: %w", err)
		}
	}
	err = service.Poll(ctx, req.Wait(), "event source mapping", func() (bool, error) {
		out, err := c.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(uuid)})
		if err != nil {
			return false, fmt.Errorf("get event source mapping: %w", err)
		}
		switch aws.ToString(out.State) {
		case "Enabled", "":
			return true, nil
		case "Disabled":
			return false, fmt.Errorf("event source mapping is disabled: %s", aws.ToString(out.StateTransitionReason))
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return map[string]string{"uuid": uuid}, nil
}

// create creates the mapping once. CreateEventSourceMapping is not
// idempotent: when its answer is lost (a reset, a timeout, a 5xx after the
// mapping was made), a blind retry, which the SDK would do, makes a second
// mapping and every record is processed twice. So it is made with
// service.CreateOnce: after a lost answer the mappings of the function and
// source are listed, and one there is the one just made.
func (m *Mapping) create(ctx context.Context, in *lambda.CreateEventSourceMappingInput) (string, error) {
	return service.CreateOnce(ctx, 0, func() (string, error) {
		out, err := m.c.CreateEventSourceMapping(ctx, in, func(o *lambda.Options) { o.Retryer = aws.NopRetryer{} })
		if err != nil {
			return "", err
		}
		return aws.ToString(out.UUID), nil
	}, func() (string, bool, error) {
		list, err := m.c.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: in.FunctionName, EventSourceArn: in.EventSourceArn})
		if err != nil || len(list.EventSourceMappings) == 0 {
			return "", false, err
		}
		return aws.ToString(list.EventSourceMappings[0].UUID), true, nil
	})
}

// deleteExtras deletes the mappings of the same function and source other
// than keep: duplicates, which make the function process every record
// once for each.
func (m *Mapping) deleteExtras(ctx context.Context, ms []lambdatypes.EventSourceMappingConfiguration, keep string) error {
	for _, mc := range ms {
		if id := aws.ToString(mc.UUID); id != keep {
			if _, err := m.c.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: mc.UUID}); err != nil && !service.IsNotFound(err) {
				return fmt.Errorf("delete duplicate event source mapping %s: %w", id, err)
			}
		}
	}
	return nil
}

// Exists implements service.Provider.
func (m *Mapping) Exists(ctx context.Context, _ service.Env, rec *service.Record) (bool, error) {
	_, err := m.c.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(rec.Outputs["uuid"])})
	return service.Exists(err)
}

// ReadsBack reports whether target t returns the event source
// mapping field (the Lambda API name, e.g. "FunctionResponseTypes") as it
// was set, so that a difference is drift rather than the target's gap.
// Measured: kumo v0.33.1 accepts the fields listed here and then leaves
// them out of Get/ListEventSourceMappings; moto 5.2.1 returns every one.
func ReadsBack(t targets.Target, field string) bool {
	dropped := map[targets.Target][]string{
		targets.Kumo: {"StartingPosition", "FunctionResponseTypes", "MaximumRetryAttempts", "BisectBatchOnFunctionError", "DestinationConfig"},
	}
	return !slices.Contains(dropped[t], field)
}

// Drift implements service.Provider: it compares the mapping as Lambda
// returns it with the settings it was deployed with. A field the target
// accepts but never returns (kumo keeps no error handling, nor the
// starting position) is not compared there: its absence says nothing
// about the mapping.
func (m *Mapping) Drift(ctx context.Context, env service.Env, _ *plan.Resource, rec *service.Record) (string, error) {
	got, err := m.c.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: aws.String(rec.Outputs["uuid"])})
	if err != nil {
		return "", err
	}
	in, err := service.DecodeFor[MappingSettings](plan.KindEventSourceMapping, rec.Name, rec.Inputs)
	if err != nil {
		return "", err
	}
	t := env.Target
	var diffs service.Diffs
	check := func(field, live, want string) {
		diffs.If(live != want && ReadsBack(t, field), "%s is %q, the plan says %q", field, live, want)
	}
	check("BatchSize", strconv.Itoa(int(aws.ToInt32(got.BatchSize))), strconv.Itoa(int(in.BatchSize)))
	check("MaximumBatchingWindowInSeconds", strconv.Itoa(int(aws.ToInt32(got.MaximumBatchingWindowInSeconds))), strconv.Itoa(int(in.BatchWindowSeconds)))
	var types []string
	for _, rt := range got.FunctionResponseTypes {
		types = append(types, string(rt))
	}
	check("FunctionResponseTypes", strings.Join(types, ","), strings.Join(in.FunctionResponseTypes, ","))
	if v := in.StartingPosition; v != "" {
		check("StartingPosition", string(got.StartingPosition), v)
	}
	if isStreamMapping(in) {
		retries := int32(-1) // what Lambda reports when the limit is unset
		if got.MaximumRetryAttempts != nil {
			retries = *got.MaximumRetryAttempts
		}
		check("MaximumRetryAttempts", strconv.Itoa(int(retries)), strconv.Itoa(int(in.MaximumRetryAttempts)))
		check("BisectBatchOnFunctionError", strconv.FormatBool(aws.ToBool(got.BisectBatchOnFunctionError)), strconv.FormatBool(in.BisectBatchOnFunctionError))
		var dest string
		if d := got.DestinationConfig; d != nil && d.OnFailure != nil {
			dest = aws.ToString(d.OnFailure.Destination)
		}
		check("DestinationConfig", dest, in.OnFailureARN)
	}
	// A second mapping of the same function and source (a create whose
	// answer was lost, then retried) makes every record processed twice.
	list, err := m.c.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: got.FunctionArn, EventSourceArn: got.EventSourceArn})
	if err != nil {
		return "", err
	}
	var dups []string
	for _, mc := range list.EventSourceMappings {
		if id := aws.ToString(mc.UUID); id != rec.Outputs["uuid"] {
			dups = append(dups, id)
		}
	}
	diffs.If(len(dups) > 0, "%d more mapping(s) poll the same source for the function (%s), so each record is processed more than once; `wireup deploy` deletes them",
		len(dups), strings.Join(dups, ", "))
	if len(diffs) == 0 {
		return "", nil
	}
	return "changed outside wireup: " + diffs.String(), nil
}

// Delete implements service.Provider: it waits until Lambda no longer
// returns the mapping, which has no waiter.
func (m *Mapping) Delete(ctx context.Context, env service.Env, rec *service.Record) error {
	uuid := aws.String(rec.Outputs["uuid"])
	if _, err := m.c.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: uuid}); err != nil {
		return err
	}
	return service.AwaitGone(ctx, env.Wait(), "delete event source mapping", func() error {
		_, err := m.c.GetEventSourceMapping(ctx, &lambda.GetEventSourceMappingInput{UUID: uuid})
		return err
	}, service.IsNotFound)
}

// isStreamMapping reports whether a mapping's settings are those of a
// Kinesis or DynamoDB Streams source, which have stream error handling:
// the planner sets their MaximumRetryAttempts, -1 (unlimited) or more.
func isStreamMapping(in *MappingSettings) bool { return in.MaximumRetryAttempts != 0 }

// mappingCreate is the CreateEventSourceMapping input for the settings.
func mappingCreate(in *MappingSettings) *lambda.CreateEventSourceMappingInput {
	input := &lambda.CreateEventSourceMappingInput{FunctionName: aws.String(in.FunctionName), EventSourceArn: aws.String(in.EventSourceARN), Enabled: aws.Bool(true),
		FunctionResponseTypes: responseTypes(in)}
	if n := in.BatchSize; n > 0 {
		input.BatchSize = aws.Int32(n)
	}
	if v := in.StartingPosition; v != "" {
		input.StartingPosition = lambdatypes.EventSourcePosition(v)
	}
	if n := in.BatchWindowSeconds; n > 0 {
		input.MaximumBatchingWindowInSeconds = aws.Int32(n)
	}
	if isStreamMapping(in) {
		input.MaximumRetryAttempts = aws.Int32(in.MaximumRetryAttempts)
		input.BisectBatchOnFunctionError = aws.Bool(in.BisectBatchOnFunctionError)
		if d := in.OnFailureARN; d != "" {
			input.DestinationConfig = &lambdatypes.DestinationConfig{OnFailure: &lambdatypes.OnFailure{Destination: aws.String(d)}}
		}
	}
	return input
}

// mappingUpdate is the UpdateEventSourceMapping input that brings an
// existing mapping to the settings, clearing what the plan no longer has.
func mappingUpdate(uuid string, in *MappingSettings) *lambda.UpdateEventSourceMappingInput {
	input := &lambda.UpdateEventSourceMappingInput{UUID: aws.String(uuid), FunctionName: aws.String(in.FunctionName), Enabled: aws.Bool(true),
		MaximumBatchingWindowInSeconds: aws.Int32(in.BatchWindowSeconds),
		FunctionResponseTypes:          responseTypes(in)}
	if input.FunctionResponseTypes == nil {
		input.FunctionResponseTypes = []lambdatypes.FunctionResponseType{} // an empty list clears them
	}
	if n := in.BatchSize; n > 0 {
		input.BatchSize = aws.Int32(n)
	}
	if isStreamMapping(in) {
		input.MaximumRetryAttempts = aws.Int32(in.MaximumRetryAttempts)
		input.BisectBatchOnFunctionError = aws.Bool(in.BisectBatchOnFunctionError)
		// An OnFailure without a destination removes the one there is.
		input.DestinationConfig = &lambdatypes.DestinationConfig{OnFailure: &lambdatypes.OnFailure{}}
		if d := in.OnFailureARN; d != "" {
			input.DestinationConfig.OnFailure.Destination = aws.String(d)
		}
	}
	return input
}

// responseTypes are the mapping's FunctionResponseTypes, a comma-separated
// setting.
func responseTypes(in *MappingSettings) []lambdatypes.FunctionResponseType {
	var out []lambdatypes.FunctionResponseType
	for _, t := range in.FunctionResponseTypes {
		if t != "" {
			out = append(out, lambdatypes.FunctionResponseType(t))
		}
	}
	return out
}

// UUIDs lists the event source mappings of the function called name,
// every page, and on an error returns what it listed so far with it.
// Lambda keeps a function's mappings when it deletes the function, and
// lists them by the function's name all the same (moto and kumo too; moto
// lists none by the deleted function's ARN, hence the name).
func UUIDs(ctx context.Context, c lambda.ListEventSourceMappingsAPIClient, name string) ([]string, error) {
	pg := lambda.NewListEventSourceMappingsPaginator(c, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String(name)})
	return service.Collect(ctx, pg.HasMorePages, pg.NextPage, func(page *lambda.ListEventSourceMappingsOutput) (out []string) {
		for _, m := range page.EventSourceMappings {
			out = append(out, aws.ToString(m.UUID))
		}
		return out
	})
}
