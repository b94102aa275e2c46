// Package targets records what each deploy target can prove for each
// integration: whether wireup can deploy it there and check the deploy by
// reading it back, and whether data really moves along it so that `wireup
// verify` can pass. The facts come from measurements against moto 5.2.1 and
// kumo v0.33.1 (/work/shared/research/emulators.md); a target that cannot
// move data on a path is reported as such, never faked.
package targets

import (
	"fmt"
	"slices"
	"strings"
)

// Target is a kind of deploy target.
type Target string

// Targets.
const (
	Moto       Target = "moto"
	Kumo       Target = "kumo"
	LocalStack Target = "localstack"
	AWS        Target = "aws"
)

// All lists the targets in display order.
var All = []Target{Moto, Kumo, LocalStack, AWS}

// Parse checks a --target or WIREUP_TARGET value.
func Parse(s string) (Target, error) {
	for _, t := range All {
		if strings.EqualFold(s, string(t)) {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown target %q: use moto, kumo, localstack or aws", s)
}

// Capability is what a target can prove for one integration.
type Capability struct {
	Deploy       bool   `json:"deploy"`
	DeployReason string `json:"deployReason,omitempty"`
	Data         bool   `json:"data"`
	DataReason   string `json:"dataReason,omitempty"`
}

type cap = Capability

var (
	ok          = cap{Deploy: true, Data: true}
	motoNoIoT   = cap{Deploy: true, Data: false, DataReason: "moto stores IoT topic rules, but no rule action fires when a message is published"}
	kumoNoIoT   = cap{Deploy: false, DeployReason: "kumo has no IoT Core service (the call falls through to its S3 handler)", DataReason: "kumo has no IoT Core service"}
	motoDocker  = "moto runs Lambda functions in Docker, and without a Docker engine the function never runs"
	kumoNoPoll  = "kumo stores event source mappings but has no poller, so the function is never invoked"
	localstack  = cap{Deploy: true, Data: true, DataReason: "LocalStack delivers on this path (not measured by wireup's emulator research)"}
	lsNoIoT     = cap{Deploy: false, DeployReason: "IoT Core is only in LocalStack Pro", DataReason: "IoT Core is only in LocalStack Pro"}
	codeOnly    = cap{Deploy: true, Data: true, DataReason: "application code: nothing is deployed for this hop"}
	motoLambdaN = cap{Deploy: true, Data: false, DataReason: motoDocker}
	kumoESM     = cap{Deploy: true, Data: false, DataReason: kumoNoPoll}
)

// table is the measured matrix; integrations missing from a target's map
// have no measurement and are reported as unknown.
var table = map[Target]map[string]Capability{
	Moto: {
		"app-to-kinesis": ok, "app-to-firehose": ok, "app-to-sqs": ok, "app-to-s3": ok, "app-to-dynamodb": ok,
		"app-to-iot":     {Deploy: true, Data: false, DataReason: "moto records IoT publishes but delivers them nowhere"},
		"kinesis-to-app": ok, "sqs-to-app": ok,
		"firehose-to-s3":            {Deploy: true, Data: true, DataReason: "moto writes each DirectPut record to S3 at once, ignoring buffering hints"},
		"kinesis-to-firehose":       {Deploy: true, Data: false, DataReason: "moto stores a Kinesis-sourced delivery stream, but nothing reads the stream"},
		"firehose-transform-lambda": {Deploy: true, Data: false, DataReason: "moto ignores the Lambda processor and writes records untransformed"},
		"kinesis-to-lambda":         motoLambdaN, "sqs-to-lambda": {Deploy: true, Data: false, DataReason: motoDocker + " (in stub mode the message is only consumed)"},
		"dynamodb-to-lambda": {Deploy: true, Data: false, DataReason: motoDocker + ", and moto drops the stream records after its failed dispatch"},
		"s3-to-lambda":       motoLambdaN, "sns-to-lambda": motoLambdaN,
		"s3-to-sqs": ok, "s3-to-sns": ok, "sns-to-sqs": ok,
		"iot-to-kinesis": motoNoIoT, "iot-to-firehose": motoNoIoT, "iot-to-sqs": motoNoIoT, "iot-to-sns": motoNoIoT,
		"iot-to-s3": motoNoIoT, "iot-to-dynamodb": motoNoIoT, "iot-to-lambda": motoNoIoT,
	},
	Kumo: {
		"app-to-kinesis": ok, "app-to-sqs": ok, "app-to-s3": ok, "app-to-dynamodb": ok,
		"app-to-firehose": {Deploy: true, Data: false, DataReason: "kumo keeps Firehose records in memory and writes nothing to the destination"},
		"app-to-iot":      kumoNoIoT,
		"kinesis-to-app":  ok, "sqs-to-app": ok,
		"firehose-to-s3":            {Deploy: true, Data: false, DataReason: "kumo keeps Firehose records in memory and writes nothing to S3"},
		"kinesis-to-firehose":       {Deploy: false, DeployReason: "kumo returns DescribeDeliveryStream for a Kinesis-sourced stream in a form the Go SDK cannot decode", DataReason: "nothing reads the stream"},
		"firehose-transform-lambda": {Deploy: true, Data: false, DataReason: "kumo never invokes the Firehose processor"},
		"kinesis-to-lambda":         kumoESM, "sqs-to-lambda": kumoESM, "dynamodb-to-lambda": kumoESM,
		"s3-to-lambda": {Deploy: true, Data: true, DataReason: "kumo invokes the function, which wireup runs against kumo's Runtime API (kumo must listen on 4566)"},
		"s3-to-sqs":    ok, "s3-to-sns": ok, "sns-to-sqs": ok,
		"sns-to-lambda":  {Deploy: true, Data: true, DataReason: "kumo invokes the subscribed function, which wireup runs against kumo's Runtime API (kumo must listen on 4566)"},
		"iot-to-kinesis": kumoNoIoT, "iot-to-firehose": kumoNoIoT, "iot-to-sqs": kumoNoIoT, "iot-to-sns": kumoNoIoT,
		"iot-to-s3": kumoNoIoT, "iot-to-dynamodb": kumoNoIoT, "iot-to-lambda": kumoNoIoT,
	},
}

// For returns what target t can prove for integration id.
func For(t Target, id string) Capability {
	switch t {
	case AWS:
		return ok
	case LocalStack:
		if strings.HasPrefix(id, "iot-") || id == "app-to-iot" {
			return lsNoIoT
		}
		if strings.HasPrefix(id, "app-") || strings.HasSuffix(id, "-to-app") {
			return codeOnly
		}
		return localstack
	}
	if c, found := table[t][id]; found {
		if c.Data && c.DataReason == "" && (strings.HasPrefix(id, "app-") || strings.HasSuffix(id, "-to-app")) {
			c.DataReason = "application code: nothing is deployed for this hop"
		}
		return c
	}
	return Capability{DeployReason: fmt.Sprintf("not measured on %s", t), DataReason: fmt.Sprintf("not measured on %s", t)}
}

// Route combines the hops of a route: a route deploys if every hop does and
// moves data if every hop does. The reasons name the first hop that fails.
func Route(t Target, hops []string) Capability {
	out := Capability{Deploy: true, Data: true}
	for _, h := range hops {
		c := For(t, h)
		if !c.Deploy && out.Deploy {
			out.Deploy, out.DeployReason = false, h+": "+c.DeployReason
		}
		if !c.Data && out.Data {
			out.Data, out.DataReason = false, h+": "+c.DataReason
		}
	}
	return out
}

// SpecNote is a setting of the spec a target cannot apply, and what to do.
type SpecNote struct {
	Setting string `json:"setting"`
	Note    string `json:"note"`
}

// SpecFacts are the settings of a spec some target cannot apply.
type SpecFacts struct {
	EncryptedStream bool // spec.kinesis.encryption
	TableRecovery   bool // spec.dynamodb.pointInTimeRecovery
	Bucket          bool // the route has an S3 bucket (which gets the TLS-only policy)
}

// SpecNotes lists settings the target refuses or wireup leaves off there, so
// the banner can say so before the deploy.
func SpecNotes(t Target, f SpecFacts) []SpecNote {
	var out []SpecNote
	if t == Kumo && f.EncryptedStream {
		out = append(out, SpecNote{Setting: "kinesis.encryption",
			Note: "kumo has no StartStreamEncryption (InvalidAction): set kinesis.encryption: false in wireup.yaml to deploy the stream there"})
	}
	if t == Kumo && f.TableRecovery {
		// Measured on kumo v0.33.1: UpdateContinuousBackups answers
		// UnknownOperationException.
		out = append(out, SpecNote{Setting: "dynamodb.pointInTimeRecovery",
			Note: "kumo has no UpdateContinuousBackups (UnknownOperationException): set dynamodb.pointInTimeRecovery: false in wireup.yaml to deploy the table there"})
	}
	if ok, reason := BucketPolicy(t); f.Bucket && !ok {
		out = append(out, SpecNote{Setting: "s3 TLS-only bucket policy", Note: "not applied on " + string(t) + ": " + reason})
	}
	return out
}

// mappingFieldsDropped lists, per target, the event source mapping fields it
// accepts and then leaves out of Get/ListEventSourceMappings (measured:
// kumo v0.33.1 stores none of them; moto 5.2.1 returns every one).
var mappingFieldsDropped = map[Target][]string{
	Kumo: {"StartingPosition", "FunctionResponseTypes", "MaximumRetryAttempts", "BisectBatchOnFunctionError", "DestinationConfig"},
}

// ReadsBackMapping reports whether target t returns the event source
// mapping field (the Lambda API name, e.g. "FunctionResponseTypes") as it
// was set, so that a difference is drift rather than the target's gap.
func ReadsBackMapping(t Target, field string) bool {
	return !slices.Contains(mappingFieldsDropped[t], field)
}

// BucketPolicy reports whether wireup puts the TLS-only bucket policy (deny
// every request made without TLS) on the buckets it creates on target t,
// and the reason when it does not.
func BucketPolicy(t Target) (bool, string) {
	if t == Moto {
		// Measured on moto 5.2.1: with the policy in place PutObject over
		// http:// returns 403. moto checks bucket policies on object
		// requests, but a statement whose condition does not hold counts
		// as a Deny there (iam/access_control.py, IAMPolicyStatement), and
		// moto passes no aws:SecureTransport value at all.
		return false, "moto treats a bucket-policy statement whose condition does not hold as a Deny, so the policy would refuse every object read and write, over TLS or not"
	}
	return true, ""
}

// Producer reports whether the calls a generated producer makes to send
// into service (a catalog id) work on target t, and why not. Deploying and
// verifying the route are separate: verify sends its canary with the
// service's single-event call.
func Producer(t Target, service string) (bool, string) {
	if t == Kumo && service == "sns" {
		// Measured on kumo v0.33.1: PublishBatch is not among the SNS
		// actions it routes (internal/service/sns/service.go), and the
		// request gets an empty 400 the SDK reports as "deserialization
		// failed, EOF".
		return false, "kumo has no SNS PublishBatch, the call the generated producer sends events with"
	}
	return true, ""
}
