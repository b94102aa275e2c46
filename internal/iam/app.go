package iam

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// ProducerPolicy returns the identity policy for an application that writes
// to targets through the SDK the way the generated producer does (Kinesis
// PutRecords, Firehose PutRecordBatch, SQS SendMessageBatch, SNS
// PublishBatch, DynamoDB BatchWriteItem, S3 PutObject, IoT Publish), plus the KMS grants
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
// sources through the SDK the way the generated consumer does: S3 objects
// (GetObject, ListBucket limited to the prefix), SQS messages
// (ReceiveMessage, DeleteMessage, ChangeMessageVisibility), Kinesis records
// (ListShards, GetShardIterator, GetRecords) or DynamoDB items (Scan), plus
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

// IntegrationTestPolicy returns the identity policy for whoever runs the
// generated integration test (go test -run Integration ./cmd/producer): it
// sends with the producer's code to targets and reads back from sources with
// the consumer's code, so it holds exactly the statements of ProducerPolicy
// and ConsumerPolicy for those, in one document.
func IntegrationTestPolicy(env Env, name string, targets []Target, sources []Source) (Policy, error) {
	w, err := ProducerPolicy(env, name, targets...)
	if err != nil {
		return Policy{}, fmt.Errorf("integration test policy: %w", err)
	}
	r, err := ConsumerPolicy(env, name, sources...)
	if err != nil {
		return Policy{}, fmt.Errorf("integration test policy: %w", err)
	}
	doc, err := Merge(w.Document, r.Document)
	if err != nil {
		return Policy{}, fmt.Errorf("integration test policy %s: %w", name, err)
	}
	p := Policy{Name: name, Document: doc, Notes: uniqueNotes(append(w.Notes, r.Notes...)),
		Purpose: "Lets the integration test write to " + describe(refsOfTargets(targets)) + " as the producer does and read back from " +
			describe(refsOfSources(sources)) + " as the consumer does, and nothing else."}
	if err := p.Validate(env); err != nil {
		return Policy{}, fmt.Errorf("integration test policy %s: %w", name, err)
	}
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
	case r.kind == KindSQS && (verb == "Read" || verb == "Write"):
		return []string{"SQS: the code builds the queue URL from the account (sts:GetCallerIdentity, which needs no permission: https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html) and the queue name, or takes SQS_QUEUE_URL; sqs:GetQueueUrl is not granted."}
	case verb == "Read" && r.kind == KindS3Objects:
		return []string{"S3 notification reader: s3:GetObject on the objects the bucket's event notifications name (under the notification's filter prefix), to print the records they hold; no s3:ListBucket, as it reads only the keys the notifications give (https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html)."}
	case verb == "Read" && r.kind == KindDynamoDB:
		return []string{"DynamoDB reader: Scan on this table only, which is how the generated consumer reads items back; a reader that looks items up by key needs dynamodb:GetItem or dynamodb:Query instead."}
	case verb == "Read" && r.kind == KindKinesis:
		return []string{"Kinesis reader: plain SDK polling (ListShards, GetShardIterator, GetRecords); the KCL also needs its DynamoDB lease table and cloudwatch:PutMetricData (https://docs.aws.amazon.com/streams/latest/dev/kcl-iam-permissions.html)."}
	case verb == "Write" && r.kind == KindKinesis:
		return []string{"Kinesis producer: PutRecords only, as the generated producer sends; the KPL also needs kinesis:DescribeStreamSummary and cloudwatch:PutMetricData (https://docs.aws.amazon.com/streams/latest/dev/service-managed-pk-kpl-permissions.html)."}
	case verb == "Write" && r.kind == KindIoT:
		return []string{"IoT publisher: grants iot:Publish for the HTTPS/SDK data-plane Publish call and iot:DescribeEndpoint (no resource type, so \"*\") to find the data endpoint; an MQTT client also needs iot:Connect on its client ID (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsiot.html)."}
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
		if (r.kind == KindS3 || r.kind == KindS3Objects) && r.prefix != "" {
			name += "/" + r.prefix
		}
		if r.kind == KindIoT && r.prefix != "" {
			name = r.prefix + "*"
		}
		kind := string(r.kind)
		if r.kind == KindS3Objects {
			kind = "s3 objects"
		}
		parts[i] = kind + " " + name
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
