package plan

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/wireup/wireup/internal/iam"
)

// The IAM of every hop comes from internal/iam, the same builders the
// generator renders into a project's iam/ files; the plan only attaches
// each document to the resource that carries it.

func docJSON(d iam.Document) (json.RawMessage, error) {
	b, err := d.JSON()
	if err != nil {
		return nil, err
	}
	return b, nil
}

func (b *builder) iamEnv() iam.Env { return iam.EnvFor(b.env.Region, b.env.AccountID) }

// setRole returns a function that attaches a role's trust and inline
// policy to resource id (shaped to take a builder's two results).
func (b *builder) setRole(id string) func(iam.Role, error) error {
	return func(role iam.Role, err error) error {
		if err != nil {
			return fmt.Errorf("plan: %w", err)
		}
		r := b.byID[id]
		if r.Trust, err = docJSON(role.Trust); err != nil {
			return err
		}
		r.Policy, err = docJSON(role.Policy)
		return err
	}
}

// setResourcePolicy attaches a queue or topic policy to resource id.
func (b *builder) setResourcePolicy(id string, rp iam.ResourcePolicy, err error) error {
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	r := b.byID[id]
	r.Policy, err = docJSON(rp.Document)
	return err
}

// setPermission copies a Lambda permission's AddPermission input into the
// settings of resource id.
func (b *builder) setPermission(id string, rp iam.ResourcePolicy, err error) error {
	if err != nil {
		return fmt.Errorf("plan: %w", err)
	}
	if rp.Permission == nil {
		return fmt.Errorf("plan: %s: the IAM builder returned no Lambda permission", id)
	}
	r := b.byID[id]
	p := rp.Permission
	r.Settings["statementId"], r.Settings["principal"] = p.StatementID, p.Principal
	r.Settings["sourceArn"], r.Settings["sourceAccount"] = p.SourceARN, p.SourceAccount
	r.Policy, err = docJSON(rp.Document)
	return err
}

// roles builds the policies of every role and resource policy once the
// whole route is known.
func (b *builder) roles() error {
	s, env := b.s, b.iamEnv()
	if s.Lambda != nil && b.byID[IDRoleLambda] != nil {
		in := iam.LambdaInput{FunctionName: s.Lambda.Function, RoleName: s.Lambda.Role}
		switch {
		case s.Has("kinesis-to-lambda"):
			in.Sources = []iam.Source{{Kind: iam.KindKinesis, Name: s.Kinesis.Stream}}
		case s.Has("sqs-to-lambda"):
			in.Sources = []iam.Source{{Kind: iam.KindSQS, Name: s.SQS.Queue}}
		case s.Has("dynamodb-to-lambda"):
			in.Sources = []iam.Source{{Kind: iam.KindDynamoDBStream, Name: s.DynamoDB.Table}}
		}
		if q := s.Lambda.OnFailureQueue; q != "" && (s.Has("kinesis-to-lambda") || s.Has("dynamodb-to-lambda")) {
			t, err := iam.OnFailureTarget(q)
			if err != nil {
				return fmt.Errorf("plan: lambda.onFailureQueue: %w", err)
			}
			in.OnFailure = &t
		}
		if err := b.setRole(IDRoleLambda)(iam.LambdaExecutionRole(env, in)); err != nil {
			return err
		}
	}
	if f := s.Firehose; f != nil && s.S3 != nil {
		in := iam.FirehoseInput{DeliveryStreamName: f.DeliveryStream, RoleName: f.Role, BucketName: s.S3.Bucket,
			Prefix: f.Prefix, ErrorPrefix: f.ErrorPrefix, KMSKeyARN: keyARN(s.S3.KMSKey)}
		if s.Has("kinesis-to-firehose") {
			in.SourceStreamName = s.Kinesis.Stream
		}
		if t := f.Transform; t != nil {
			in.TransformFunctionName = t.Function
			if err := b.setRole(IDRoleTransform)(iam.LambdaExecutionRole(env, iam.LambdaInput{FunctionName: t.Function, RoleName: t.Role})); err != nil {
				return err
			}
		}
		if err := b.setRole(IDRoleFirehose)(iam.FirehoseDeliveryRole(env, in)); err != nil {
			return err
		}
	}
	return nil
}

// keyARN returns the key when the spec names it by ARN: only then can a
// policy grant on it (an alias cannot be a policy resource).
func keyARN(k string) string {
	if strings.HasPrefix(k, "arn:") && strings.Contains(k, ":key/") {
		return k
	}
	return ""
}

// iotTarget is the destination of an IoT rule action.
func (b *builder) iotTarget(to string) iam.Target {
	s := b.s
	switch to {
	case "kinesis":
		return iam.Target{Kind: iam.KindKinesis, Name: s.Kinesis.Stream}
	case "firehose":
		return iam.Target{Kind: iam.KindFirehose, Name: s.Firehose.DeliveryStream}
	case "sqs":
		return iam.Target{Kind: iam.KindSQS, Name: s.SQS.Queue}
	case "sns":
		return iam.Target{Kind: iam.KindSNS, Name: s.SNS.Topic}
	case "s3":
		return iam.Target{Kind: iam.KindS3, Name: s.S3.Bucket, Prefix: s.S3.ObjectPrefix, KMSKeyARN: keyARN(s.S3.KMSKey)}
	case "dynamodb":
		return iam.Target{Kind: iam.KindDynamoDB, Name: s.DynamoDB.Table}
	}
	return iam.Target{}
}
