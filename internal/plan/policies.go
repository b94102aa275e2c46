package plan

import (
	"bytes"
	"encoding/json"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// The documents below follow /work/shared/research/iam-reference.md (cited
// as "ref §N"). They are rendered to JSON at plan time so the plan stays plain
// data; internal/iam's builders produce the same shapes and replace these
// once they land.

type document struct {
	Version   string      `json:"Version"`
	Statement []statement `json:"Statement"`
}

type statement struct {
	Sid       string                         `json:"Sid"`
	Effect    string                         `json:"Effect"`
	Principal map[string][]string            `json:"Principal,omitempty"`
	Action    []string                       `json:"Action"`
	Resource  []string                       `json:"Resource,omitempty"`
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

func allow(sid string, actions []string, resources ...string) statement {
	a := slices.Clone(actions)
	slices.Sort(a)
	r := slices.Clone(resources)
	slices.Sort(r)
	return statement{Sid: sid, Effect: "Allow", Action: slices.Compact(a), Resource: slices.Compact(r)}
}

func render(stmts ...statement) json.RawMessage {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(document{Version: "2012-10-17", Statement: stmts})
	return buf.Bytes()
}

func (e Env) arn(service, resource string) string {
	return arn.ARN{Partition: e.Partition, Service: service, Region: e.Region, AccountID: e.AccountID, Resource: resource}.String()
}

func (e Env) bucketARN(b string) string {
	return arn.ARN{Partition: e.Partition, Service: "s3", Resource: b}.String()
}
func (e Env) queueARN(q string) string    { return e.arn("sqs", q) }
func (e Env) topicARN(t string) string    { return e.arn("sns", t) }
func (e Env) streamARN(s string) string   { return e.arn("kinesis", "stream/"+s) }
func (e Env) tableARN(t string) string    { return e.arn("dynamodb", "table/"+t) }
func (e Env) functionARN(f string) string { return e.arn("lambda", "function:"+f) }
func (e Env) ruleARN(r string) string     { return e.arn("iot", "rule/"+r) }
func (e Env) deliveryARN(d string) string { return e.arn("firehose", "deliverystream/"+d) }

// serviceTrust is a role trust policy for one service principal with its
// documented confused-deputy condition (ref §0.2).
func serviceTrust(service string, cond map[string]map[string][]string) json.RawMessage {
	return render(statement{
		Sid: "TrustService", Effect: "Allow",
		Principal: map[string][]string{"Service": {service}},
		Action:    []string{"sts:AssumeRole"},
		Condition: cond,
	})
}

func lambdaTrust() json.RawMessage { return serviceTrust("lambda.amazonaws.com", nil) }

// firehoseTrust uses sts:ExternalId, the only condition Firehose documents (ref §1.1).
func (e Env) firehoseTrust() json.RawMessage {
	return serviceTrust("firehose.amazonaws.com", map[string]map[string][]string{
		"StringEquals": {"sts:ExternalId": {e.AccountID}},
	})
}

// iotTrust uses aws:SourceAccount and aws:SourceArn as IoT documents (ref §0.2).
func (e Env) iotTrust() json.RawMessage {
	return serviceTrust("iot.amazonaws.com", map[string]map[string][]string{
		"StringEquals": {"aws:SourceAccount": {e.AccountID}},
		"ArnLike":      {"aws:SourceArn": {e.arn("iot", "*")}},
	})
}

// lambdaLogs lets a function write its own log group (ref §2, baseline logging).
func (e Env) lambdaLogs(function string) statement {
	return allow("WriteOwnLogs", []string{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
		e.arn("logs", "log-group:/aws/lambda/"+function), e.arn("logs", "log-group:/aws/lambda/"+function+":*"))
}

// servicePublish is a resource-policy statement letting an AWS service
// principal deliver into a queue or topic from one source (ref §0.3, §3, §4).
func servicePublish(sid, service, action, resource string, cond map[string]map[string][]string) statement {
	return statement{
		Sid: sid, Effect: "Allow",
		Principal: map[string][]string{"Service": {service}},
		Action:    []string{action},
		Resource:  []string{resource},
		Condition: cond,
	}
}

// fromBucket is the S3 confused-deputy pair: bucket ARNs carry no account,
// so aws:SourceAccount is required as well (ref §0.1, §3).
func (e Env) fromBucket(bucket string) map[string]map[string][]string {
	return map[string]map[string][]string{
		"ArnLike":      {"aws:SourceArn": {e.bucketARN(bucket)}},
		"StringEquals": {"aws:SourceAccount": {e.AccountID}},
	}
}

func jsonUnmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }
