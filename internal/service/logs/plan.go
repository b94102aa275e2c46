package logs

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the log group and the role CloudWatch Logs assumes, and
// wires the group's subscription filter to a Kinesis stream, a Firehose
// delivery stream or a Lambda function.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return Service }

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	l := b.Spec().Logs
	if l == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDLogGroup, Kind: plan.KindLogGroup, Name: l.LogGroup, Settings: map[string]string{
		"retentionDays": plan.ItoA(l.RetentionDays),
	}})
	if l.Role != "" {
		b.Add(&plan.Resource{ID: plan.IDRoleLogs, Kind: plan.KindRole, Name: l.Role})
	}
	return nil
}

// destinations are where a subscription filter sends: the resource whose
// ARN is the destination, and the distribution (Kinesis only: ByLogStream
// keeps each log stream's events on one shard, in order).
var destinations = map[string]struct{ id, distribution string }{
	"kinesis":  {plan.IDStream, "ByLogStream"},
	"firehose": {plan.IDDeliveryStream, ""},
	"lambda":   {plan.IDFunction, ""},
}

// Wire implements plan.Wirer: the subscription filter, after its
// destination, and after the role or the function permission that lets
// CloudWatch Logs deliver there: it tests the destination when the filter
// is put
// (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html).
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	d, ok := destinations[in.To]
	if in.From != Service || !ok {
		return false, nil
	}
	wait, err := b.Accept(in)
	if err != nil {
		return false, err
	}
	l := b.Spec().Logs
	sf := b.Add(&plan.Resource{ID: plan.IDSubscriptionFilter, Kind: plan.KindSubscriptionFilter, Name: l.FilterName, Integration: in.ID,
		Settings: map[string]string{"filterPattern": l.FilterPattern}})
	if d.distribution != "" {
		sf.Settings["distribution"] = d.distribution
	}
	b.Ref(sf, "logGroupName", plan.IDLogGroup, "name")
	b.Ref(sf, "destinationArn", d.id, "arn")
	if b.Resource(plan.IDRoleLogs) != nil {
		b.Ref(sf, "roleArn", plan.IDRoleLogs, "arn")
	}
	if wait != "" {
		sf.DependsOn = append(sf.DependsOn, wait)
	}
	return true, nil
}

// Without its RoleOwner method the planner's role would deploy with no
// policy; the build fails instead.
var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the subscription role, once the
// destination is known.
func (Planner) Roles(b *plan.Builder) error {
	in, ok := RoleInput(b.Spec())
	if !ok || b.Resource(plan.IDRoleLogs) == nil {
		return nil
	}
	return b.SetRole(plan.IDRoleLogs)(SubscriptionRole(b.IAMEnv(), in))
}

// WriteTarget implements plan.Writable: the producer puts log events into
// the group's streams.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	return iam.Target{Kind: iam.KindLogs, Name: s.Logs.LogGroup}
}
