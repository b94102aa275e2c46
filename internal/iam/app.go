package iam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ProducerPolicy returns the identity policy for an application that writes
// to targets through the SDK (Kinesis PutRecord(s), Firehose
// PutRecord(Batch), SQS SendMessage(Batch), SNS Publish, DynamoDB
// PutItem/BatchWriteItem, S3 PutObject, IoT Publish), plus the KMS grants
// for targets encrypted with a customer managed key. Attach it to whatever
// identity runs the producer; name is the policy name.
func ProducerPolicy(env Env, name string, targets ...Target) (Policy, error) {
	p, err := appPolicy(env, name, "Write", producerGrants, refsOfTargets(targets))
	if err != nil {
		return Policy{}, fmt.Errorf("producer policy %s: %w", name, err)
	}
	p.Purpose = "Lets the producer application write to " + describe(refsOfTargets(targets)) + " and nothing else."
	return p, nil
}

// ConsumerPolicy returns the identity policy for an application that reads
// sources through the SDK: S3 objects (GetObject, ListBucket limited to the
// prefix), SQS messages (Receive/Delete/ChangeMessageVisibility/
// GetQueueAttributes), Kinesis records (GetRecords, GetShardIterator,
// DescribeStreamSummary, ListShards) or DynamoDB items (GetItem, Query, Scan), plus
// kms:Decrypt for sources encrypted with a customer managed key.
func ConsumerPolicy(env Env, name string, sources ...Source) (Policy, error) {
	for _, s := range sources {
		if s.EnhancedFanOut {
			return Policy{}, fmt.Errorf("consumer policy %s: enhanced fan-out consumers are not supported; use a KCL policy", name)
		}
	}
	p, err := appPolicy(env, name, "Read", consumerGrants, refsOfSources(sources))
	if err != nil {
		return Policy{}, fmt.Errorf("consumer policy %s: %w", name, err)
	}
	p.Purpose = "Lets the consumer application read from " + describe(refsOfSources(sources)) + " and nothing else."
	return p, nil
}

func appPolicy(env Env, name, verb string, grants map[Kind]grant, refs []ref) (Policy, error) {
	if err := env.Check(); err != nil {
		return Policy{}, err
	}
	if err := checkPolicyName(name); err != nil {
		return Policy{}, err
	}
	if len(refs) == 0 {
		return Policy{}, fmt.Errorf("no resources given")
	}
	p := Policy{Name: name, Document: document()}
	for i, r := range refs {
		if err := r.check(env, grants); err != nil {
			return Policy{}, fmt.Errorf("resource %d: %w", i, err)
		}
		stmts, notes := r.statements(env, verb, grants[r.kind])
		for _, st := range stmts {
			if !slices.ContainsFunc(p.Document.Statement, func(o Statement) bool { return o.Sid == st.Sid }) {
				p.Document.Statement = append(p.Document.Statement, st)
			}
		}
		p.Notes = append(p.Notes, notes...)
		p.Notes = append(p.Notes, appNotes(verb, r)...)
	}
	p.Notes = uniqueNotes(p.Notes)
	if err := p.Validate(env); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// appNotes explains per-resource choices a user may trip over.
func appNotes(verb string, r ref) []string {
	switch {
	case verb == "Read" && r.kind == KindSQS:
		return []string{"SQS consumer: the code must be given the queue URL; sqs:GetQueueUrl is not granted (ref §14.3)."}
	case verb == "Read" && r.kind == KindDynamoDB:
		return []string{"DynamoDB reader: GetItem, Query and Scan on this table only; the generated consumer scans to read items back. Drop Scan if your reader only uses keys (NOT FOUND in ref §14)."}
	case verb == "Read" && r.kind == KindKinesis:
		return []string{"Kinesis reader: plain SDK polling; the KCL additionally needs its DynamoDB lease tables and cloudwatch:PutMetricData (ref §14.2)."}
	case verb == "Write" && r.kind == KindKinesis:
		return []string{"Kinesis producer: the KPL also needs kinesis:DescribeStreamSummary and cloudwatch:PutMetricData (ref §14.1); this policy is for the plain SDK."}
	case verb == "Write" && r.kind == KindIoT:
		return []string{"IoT publisher: grants iot:Publish for the HTTPS/SDK data-plane Publish call and iot:DescribeEndpoint (no resource type, so \"*\") to find the data endpoint; an MQTT client also needs iot:Connect on its client ID (NOT FOUND in the reference)."}
	}
	return nil
}

func refsOfTargets(ts []Target) []ref {
	out := make([]ref, len(ts))
	for i, t := range ts {
		out[i] = t.ref()
	}
	return out
}

func refsOfSources(ss []Source) []ref {
	out := make([]ref, len(ss))
	for i, s := range ss {
		out[i] = s.ref()
	}
	return out
}

// describe names refs for Purpose lines: "kinesis stream orders, sqs queue jobs".
func describe(refs []ref) string {
	parts := make([]string, len(refs))
	for i, r := range refs {
		name := r.name
		if r.kind == KindS3 && r.prefix != "" {
			name += "/" + r.prefix
		}
		if r.kind == KindIoT && r.prefix != "" {
			name = r.prefix + "*"
		}
		parts[i] = string(r.kind) + " " + name
	}
	return strings.Join(parts, ", ")
}

var policyNameRE = regexp.MustCompile(`^[\w+=,.@-]{1,128}$`)

func checkPolicyName(name string) error {
	if !policyNameRE.MatchString(name) {
		return fmt.Errorf("policy name %q must be 1-128 characters of letters, digits and +=,.@_-", name)
	}
	return nil
}
