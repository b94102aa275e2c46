package logs

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/spec"
)

// SubscriptionRoleInput describes the role CloudWatch Logs assumes to put
// one log group's events into a Kinesis stream or a Firehose delivery
// stream.
type SubscriptionRoleInput struct {
	RoleName string
	LogGroup string
	// Destination is the stream (iam.KindKinesis) or delivery stream
	// (iam.KindFirehose) the subscription filter sends to.
	Destination iam.Target
}

// putActions are the calls CloudWatch Logs makes into each destination.
// AWS's examples grant kinesis:PutRecord on the stream, and firehose:* on
// every delivery stream of the account; wireup narrows the latter to the
// two put actions on the one delivery stream
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#DestinationKinesisExample,
// https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample).
var putActions = map[iam.Kind][]string{
	iam.KindKinesis:  {"kinesis:PutRecord"},
	iam.KindFirehose: {"firehose:PutRecord", "firehose:PutRecordBatch"},
}

// SubscriptionRole returns the role a subscription filter passes to
// CloudWatch Logs. Trust: logs.amazonaws.com, only for this log group
// (aws:SourceArn) in this account (aws:SourceAccount), against the
// confused deputy
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html,
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
// Policy: only the put actions on the one destination.
func SubscriptionRole(env iam.Env, in SubscriptionRoleInput) (iam.Role, error) {
	what := fmt.Sprintf("CloudWatch Logs subscription role %s", in.RoleName)
	if err := env.Check(); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := iam.CheckRoleName(in.RoleName); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := spec.LogGroupName(in.LogGroup); err != nil {
		return iam.Role{}, fmt.Errorf("%s: log group %q %w", what, in.LogGroup, err)
	}
	actions, ok := putActions[in.Destination.Kind]
	if !ok {
		return iam.Role{}, fmt.Errorf("%s: CloudWatch Logs puts into Kinesis or Firehose with a role, not into %q", what, in.Destination.Kind)
	}
	if err := iam.CheckName(string(in.Destination.Kind)+" name", in.Destination.Name); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	dest := env.StreamARN(in.Destination.Name)
	sid := "PutIntoKinesis" + iam.SidName(in.Destination.Name)
	notes := []string{"Kinesis server-side encryption with the AWS managed key needs no grant here; a customer managed key would need kms:GenerateDataKey for this role (https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html)."}
	if in.Destination.Kind == iam.KindFirehose {
		dest = env.DeliveryStreamARN(in.Destination.Name)
		sid = "PutIntoFirehose" + iam.SidName(in.Destination.Name)
		notes = []string{"AWS's example grants firehose:* on every delivery stream of the account; this role has only the two put actions on the one delivery stream (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html#FirehoseExample)."}
	}
	group := env.LogGroupARN(in.LogGroup)
	trust := iam.Condition{}.
		With("StringEquals", "aws:SourceAccount", env.AccountID).
		With("ArnLike", "aws:SourceArn", group, group+":*")
	notes = append(notes, "The subscription filter passes this role, so whoever puts the filter needs iam:PassRole on it (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutSubscriptionFilter.html).")
	return iam.Validated(env, what, iam.Role{
		Name:    in.RoleName,
		Purpose: fmt.Sprintf("Lets CloudWatch Logs (for log group %s in this account only) put the group's events into %s %s.", in.LogGroup, in.Destination.Kind, in.Destination.Name),
		Trust:   iam.TrustPolicy("TrustCloudWatchLogs", "logs.amazonaws.com", trust),
		Policy:  iam.NewDocument(iam.AllowStatement(sid, actions, dest)),
		Notes:   notes,
	})
}

// RoleInput is the subscription role input of the route's log group, and
// false when its destination (a Lambda function) needs no role. Both the
// plan and the generator's iam/ files use it.
func RoleInput(s *spec.Spec) (SubscriptionRoleInput, bool) {
	if s.Logs == nil {
		return SubscriptionRoleInput{}, false
	}
	in := SubscriptionRoleInput{RoleName: s.Logs.Role, LogGroup: s.Logs.LogGroup}
	switch {
	case s.Has("cloudwatch-logs-to-kinesis"):
		in.Destination = iam.Target{Kind: iam.KindKinesis, Name: s.Kinesis.Stream}
	case s.Has("cloudwatch-logs-to-firehose"):
		in.Destination = iam.Target{Kind: iam.KindFirehose, Name: s.Firehose.DeliveryStream}
	default:
		return SubscriptionRoleInput{}, false
	}
	return in, true
}
