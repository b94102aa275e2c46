package lambda

import (
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/service/sqs"
)

// Planner plans the function and its execution role, the permissions that
// let S3, SNS, IoT and EventBridge invoke it, and the event source mappings that poll
// Kinesis, SQS and DynamoDB Streams for it.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "lambda" }

// Resources implements plan.Planner.
func (Planner) Resources(b *plan.Builder) error {
	l := b.Spec().Lambda
	if l == nil {
		return nil
	}
	b.Add(&plan.Resource{ID: plan.IDRoleLambda, Kind: plan.KindRole, Name: l.Role})
	fn := b.Add(&plan.Resource{ID: plan.IDFunction, Kind: plan.KindFunction, Name: l.Function, Settings: map[string]string{
		"memoryMiB": plan.ItoA(l.MemoryMiB), "timeoutSeconds": plan.ItoA(l.TimeoutSeconds),
		"package": "./cmd/handler",
	}})
	b.Ref(fn, "role", plan.IDRoleLambda, "arn")
	return nil
}

// Without its RoleOwner method the planner's roles would deploy with no
// policies; the build fails instead.
var _ plan.RoleOwner = Planner{}

// Roles implements plan.RoleOwner: the execution role, with the grants of
// the event source it polls and of its on-failure destination.
func (Planner) Roles(b *plan.Builder) error {
	if b.Spec().Lambda == nil || b.Resource(plan.IDRoleLambda) == nil {
		return nil
	}
	in, err := RoleInput(b.Spec())
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	return b.SetRole(plan.IDRoleLambda)(ExecutionRole(b.IAMEnv(), in))
}

// Accept implements plan.Acceptor: the function permission for a service
// that invokes it directly (S3, SNS, IoT, CloudWatch Logs), scoped to the
// bucket, topic, rule or log group. A bucket notification or subscription waits for the permission; a
// topic rule, created before AWS checks it, waits too.
func (Planner) Accept(b *plan.Builder, in *catalog.Integration) (string, error) {
	s, env := b.Spec(), b.IAMEnv()
	var rp iam.ResourcePolicy
	var err error
	var id, from string
	switch in.From {
	case "s3":
		id, from = plan.IDPermissionS3, plan.IDBucket
		rp, err = PermissionForS3(env, s3.Notification{Bucket: s.S3.Bucket, Destination: s.Lambda.Function})
	case "sns":
		id, from = plan.IDPermissionSNS, plan.IDTopic
		rp, err = PermissionForSNS(env, SNSSubscription{Topic: s.SNS.Topic, Function: s.Lambda.Function})
	case "eventbridge":
		// The rule's ARN is known before the rule exists: the permission
		// comes first, and the rule waits for it.
		id = plan.IDPermissionEvents
		rp, err = PermissionForEventBridge(env, EventBridgeRule{Rule: s.EventBridge.Rule, Function: s.Lambda.Function})
	case "cloudwatch-logs":
		id, from = plan.IDPermissionLogs, plan.IDLogGroup
		rp, err = PermissionForLogs(env, LogsSubscription{LogGroup: s.Logs.LogGroup, Function: s.Lambda.Function})
	case "iot":
		// A Lambda action passes no role: the function's resource policy
		// lets IoT invoke it, scoped to the rule.
		id = plan.IDPermissionIoT
		rp, err = PermissionForIoT(env, IoTRule{RuleName: s.IoT.Rule, FunctionName: s.Lambda.Function})
	default:
		return "", nil
	}
	perm := b.Add(&plan.Resource{ID: id, Kind: plan.KindPermission, Name: s.Lambda.Function, Integration: in.ID})
	b.Ref(perm, "functionName", plan.IDFunction, "name")
	if from != "" {
		perm.DependsOn = append(perm.DependsOn, from)
	}
	return id, b.SetPermission(id, rp, err)
}

// mappedSources are the sources Lambda polls through an event source
// mapping, and the output of the resource the mapping reads.
var mappedSources = map[string]struct{ id, out string }{
	"kinesis":  {plan.IDStream, "arn"},
	"sqs":      {plan.IDQueue, "arn"},
	"dynamodb": {plan.IDTable, "streamArn"},
}

// Wire implements plan.Wirer: the event source mapping of a polled source.
// The generated handlers return batch item failures (the records they
// could not process), which Lambda honours only with
// ReportBatchItemFailures; without it a reported failure counts as success
// and the records are lost
// (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	src, ok := mappedSources[in.From]
	if in.To != "lambda" || !ok {
		return false, nil
	}
	l := b.Spec().Lambda
	esm := b.Add(&plan.Resource{ID: plan.IDEventSourceMapping, Kind: plan.KindEventSourceMapping, Name: l.Function, Integration: in.ID,
		Settings: map[string]string{"batchSize": plan.ItoA(l.BatchSize), "startingPosition": l.StartingPosition,
			"batchWindowSeconds": plan.ItoA(l.BatchWindowSecs), "functionResponseTypes": "ReportBatchItemFailures"}})
	b.Ref(esm, "functionName", plan.IDFunction, "name")
	// The mapping reads with the execution role: its policy must be in
	// place first.
	esm.DependsOn = append(esm.DependsOn, plan.IDRoleLambda)
	b.Ref(esm, "eventSourceArn", src.id, src.out)
	if in.From == "sqs" {
		// SQS sources hand failed messages to the queue's redrive policy
		// and have no stream position.
		esm.Settings["startingPosition"] = ""
		return true, nil
	}
	return true, streamErrorHandling(b, esm)
}

// onFailureRetries is how often a stream mapping retries a failing batch
// when it has somewhere to send the records it gives up on: enough to ride
// out throttling or a brief outage downstream, few enough that one bad
// record holds up its shard for minutes rather than for the stream's whole
// retention period.
const onFailureRetries = 5

// streamErrorHandling sets what a Kinesis or DynamoDB Streams mapping does
// with a batch that keeps failing. BisectBatchOnFunctionError splits a
// batch whose invocation fails as a whole (a crash or a timeout, which
// report no item) until the bad record is alone. With
// lambda.onFailureQueue the mapping retries onFailureRetries times, then
// sends the records' metadata there; without it retries stay unlimited
// (AWS's -1), because dropping records with nowhere to record them would
// lose data silently: the shard waits until the records expire instead.
//
// A queue given by name is created and owned by the deploy; an SQS queue or
// SNS topic given by ARN is used as it is, and must be in the plan's
// account and Region (the execution role's grant names it there).
func streamErrorHandling(b *plan.Builder, esm *plan.Resource) error {
	esm.Settings["bisectBatchOnFunctionError"] = "true"
	esm.Settings["maximumRetryAttempts"] = "-1"
	q := b.Spec().Lambda.OnFailureQueue
	if q == "" {
		return nil
	}
	esm.Settings["maximumRetryAttempts"] = plan.ItoA(onFailureRetries)
	if strings.HasPrefix(q, "arn:") {
		a, err := arn.Parse(q)
		if err != nil {
			return fmt.Errorf("plan: lambda.onFailureQueue %q is not an ARN", q)
		}
		env := b.Env()
		if a.Partition != env.Partition || a.Region != env.Region || (a.AccountID != env.AccountID && !env.Placeholder) {
			return fmt.Errorf("plan: lambda.onFailureQueue %s is not in %s account %s: wireup grants the function's role only destinations in the account and Region it deploys to. Use a queue name to have wireup create one", q, b.Env().Region, b.Env().AccountID)
		}
		esm.Settings["onFailureArn"] = q
		return nil
	}
	if sq := b.Spec().SQS; sq != nil && (q == sq.Queue || q == sq.DeadLetterQueue) {
		return fmt.Errorf("plan: lambda.onFailureQueue %q is also a queue of the route: name a queue of its own", q)
	}
	b.Add(&plan.Resource{ID: plan.IDFailureQueue, Kind: plan.KindQueue, Name: q, Integration: esm.Integration, Settings: map[string]string{
		"retentionSeconds": "1209600", "encryption": "true",
	}})
	b.Ref(esm, "onFailureArn", plan.IDFailureQueue, "arn")
	return sqs.TLSOnly(b, plan.IDFailureQueue)
}
