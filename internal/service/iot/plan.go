package iot

import (
	"fmt"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/opensearch"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the topic rule of an IoT route: its action and the role
// (or, for Lambda, the function permission) the action needs.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "iot" }

// WriteTarget implements plan.Writable: a producer publishes to the topic
// the rule selects from.
func (Planner) WriteTarget(s *spec.Spec) iam.Target {
	return iam.Target{Kind: iam.KindIoT, Name: s.IoT.Topic}
}

// Resources implements plan.Planner: a rule exists only with its action,
// which Wire adds.
func (Planner) Resources(*plan.Builder) error { return nil }

// Wire implements plan.Wirer: the topic rule for in. topic is where the
// producer publishes (the SQL selects from it); the rule does not need it,
// verify publishes its canary there.
func (Planner) Wire(b *plan.Builder, in *catalog.Integration) (bool, error) {
	if in.From != "iot" {
		return false, nil
	}
	s, env := b.Spec(), b.IAMEnv()
	if s.IoT == nil {
		return false, fmt.Errorf("plan: %s needs the spec's iot section", in.ID)
	}
	rule := b.Add(&plan.Resource{ID: plan.IDTopicRule, Kind: plan.KindTopicRule, Name: s.IoT.Rule, Integration: in.ID,
		Settings: map[string]string{"sql": s.IoT.SQL, "action": in.To, "topic": s.IoT.Topic}})
	switch in.To {
	case "kinesis":
		rule.Settings["streamName"] = s.Kinesis.Stream
		rule.Settings["partitionKey"] = "${newuuid()}"
		rule.DependsOn = append(rule.DependsOn, plan.IDStream)
	case "firehose":
		rule.Settings["deliveryStreamName"] = s.Firehose.DeliveryStream
		rule.Settings["separator"] = "\n"
		rule.DependsOn = append(rule.DependsOn, plan.IDDeliveryStream)
	case "sqs":
		b.Ref(rule, "queueUrl", plan.IDQueue, "url")
	case "sns":
		b.Ref(rule, "targetArn", plan.IDTopic, "arn")
		rule.Settings["messageFormat"] = "RAW"
	case "s3":
		rule.Settings["bucketName"] = s.S3.Bucket
		rule.Settings["key"] = s.S3.ObjectPrefix + "${topic()}/${timestamp()}-${newuuid()}.json"
		rule.DependsOn = append(rule.DependsOn, plan.IDBucket)
	case "dynamodb":
		rule.Settings["tableName"] = s.DynamoDB.Table
		rule.DependsOn = append(rule.DependsOn, plan.IDTable)
	case "lambda":
		// A Lambda action passes no role: the function's resource policy
		// lets IoT invoke it, scoped to this rule.
		b.Ref(rule, "functionArn", plan.IDFunction, "arn")
		wait, err := b.Accept(in)
		if err != nil {
			return false, err
		}
		rule.DependsOn = append(rule.DependsOn, wait)
		return true, nil
	case "opensearch":
		// The openSearch action indexes each message as a document of
		// type _doc (the only type OpenSearch 1.0 and later has) with a
		// fresh id; its endpoint is the domain's, once it is usable
		// (https://docs.aws.amazon.com/iot/latest/developerguide/opensearch-rule-action.html).
		b.Ref(rule, "endpoint", plan.IDDomain, "endpoint")
		rule.Settings["index"], rule.Settings["type"], rule.Settings["id"] = s.OpenSearch.Index, "_doc", "${newuuid()}"
		b.Add(&plan.Resource{ID: plan.IDRoleIoT, Kind: plan.KindRole, Name: s.IoT.Role, Integration: in.ID})
		b.Ref(rule, "roleArn", plan.IDRoleIoT, "arn")
		target := iam.Target{Kind: iam.KindOpenSearch, Name: s.OpenSearch.Domain, Prefix: opensearch.DocPath(s.OpenSearch.Index)}
		return true, b.SetRole(plan.IDRoleIoT)(RuleRole(env, RuleRoleInput{RuleName: s.IoT.Rule, RoleName: s.IoT.Role, Target: target}))
	default:
		return false, fmt.Errorf("plan: wireup cannot deploy %s yet", in.ID)
	}
	b.Add(&plan.Resource{ID: plan.IDRoleIoT, Kind: plan.KindRole, Name: s.IoT.Role, Integration: in.ID})
	b.Ref(rule, "roleArn", plan.IDRoleIoT, "arn")
	target, ok := b.WriteTarget(in.To)
	if !ok {
		return false, fmt.Errorf("plan: %s: the %s planner names no target for the rule role to write to (plan.Writable)", in.ID, in.To)
	}
	return true, b.SetRole(plan.IDRoleIoT)(RuleRole(env, RuleRoleInput{RuleName: s.IoT.Rule, RoleName: s.IoT.Role, Target: target}))
}
