package iam

import (
	"errors"
	"fmt"

	"github.com/wireup/wireup/internal/iam/policy"
)

// Role is an IAM role a service assumes to do the work of one hop: who may
// assume it (Trust) and what it may do (Policy, attached inline so that it
// lives and dies with the role).
type Role struct {
	Name    string   `json:"name"`
	Purpose string   `json:"purpose"` // one line: who may do what, and why
	Trust   Document `json:"trust"`
	Policy  Document `json:"policy"`
	Notes   []string `json:"notes,omitempty"` // decisions and follow-ups for the user
}

// Policy is an identity policy to attach to whatever identity runs an
// application (a user, an ECS task role, an EC2 instance profile …).
type Policy struct {
	Name     string   `json:"name"`
	Purpose  string   `json:"purpose"`
	Document Document `json:"document"`
	Notes    []string `json:"notes,omitempty"`
}

// ResourcePolicyKind says where a resource-based policy goes.
type ResourcePolicyKind string

// Resource-based policy kinds.
const (
	// SQSQueuePolicy is the queue's Policy attribute (SetQueueAttributes).
	SQSQueuePolicy ResourcePolicyKind = "sqs-queue-policy"
	// SNSTopicPolicy is the topic's Policy attribute (SetTopicAttributes).
	SNSTopicPolicy ResourcePolicyKind = "sns-topic-policy"
	// LambdaPermissionPolicy is one statement of a function policy, added
	// with lambda:AddPermission (see [LambdaPermission]).
	LambdaPermissionPolicy ResourcePolicyKind = "lambda-permission"
	// S3BucketPolicy is the bucket's policy (PutBucketPolicy).
	S3BucketPolicy ResourcePolicyKind = "s3-bucket-policy"
	// OpenSearchAccessPolicy is a domain's access policy (AccessPolicies
	// of CreateDomain and UpdateDomainConfig).
	OpenSearchAccessPolicy ResourcePolicyKind = "opensearch-access-policy"
	// SecretsManagerSecretPolicy is a secret's resource policy
	// (PutResourcePolicy).
	SecretsManagerSecretPolicy ResourcePolicyKind = "secretsmanager-secret-policy"
)

// ResourcePolicy is a resource-based policy: one that lets an AWS service
// deliver into a resource, or the bucket policy that refuses plain-HTTP
// requests. Queue and topic policies are whole documents; merge them
// with [Merge] when one resource has several senders.
type ResourcePolicy struct {
	Kind     ResourcePolicyKind `json:"kind"`
	Target   string             `json:"target"` // ARN of the queue, topic, function or bucket
	Purpose  string             `json:"purpose"`
	Document Document           `json:"document"`
	// Permission is the lambda:AddPermission input, set for
	// LambdaPermissionPolicy. Lambda stores it as Document's statement.
	Permission *LambdaPermission `json:"permission,omitempty"`
	// KeyPolicy holds the statements to add to the target's customer managed
	// KMS key policy when the target is encrypted with one; AWS services
	// cannot use the key otherwise.
	KeyPolicy []Statement `json:"keyPolicy,omitempty"`
	Notes     []string    `json:"notes,omitempty"`
}

// LambdaPermission is the input of lambda:AddPermission. Lambda function
// policies can express only what AddPermission takes
// (https://docs.aws.amazon.com/lambda/latest/dg/access-control-resource-based.html).
type LambdaPermission struct {
	FunctionName  string `json:"functionName"`
	StatementID   string `json:"statementId"`
	Action        string `json:"action"`
	Principal     string `json:"principal"`
	SourceARN     string `json:"sourceArn"`
	SourceAccount string `json:"sourceAccount"`
}

// JSON renders r deterministically (as stored in golden files and printed by
// `wireup plan --json`).
func (r Role) JSON() ([]byte, error) { return policy.Marshal(r) }

// JSON renders p deterministically.
func (p Policy) JSON() ([]byte, error) { return policy.Marshal(p) }

// JSON renders r deterministically.
func (r ResourcePolicy) JSON() ([]byte, error) { return policy.Marshal(r) }

// Validate checks the trust and inline policy of r with [Validate].
func (r Role) Validate(env Env) error {
	var errs []error
	if err := Validate(env, r.Trust); err != nil {
		errs = append(errs, fmt.Errorf("trust policy: %w", err))
	}
	if err := Validate(env, r.Policy); err != nil {
		errs = append(errs, fmt.Errorf("permissions policy: %w", err))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("role %s: %w", r.Name, err)
	}
	return nil
}

// Validate checks p's document with [Validate].
func (p Policy) Validate(env Env) error {
	if err := Validate(env, p.Document); err != nil {
		return fmt.Errorf("policy %s: %w", p.Name, err)
	}
	return nil
}

// Validate checks r's document and key-policy statements with [Validate].
func (r ResourcePolicy) Validate(env Env) error {
	var errs []error
	if err := Validate(env, r.Document); err != nil {
		errs = append(errs, err)
	}
	if len(r.KeyPolicy) > 0 {
		if err := Validate(env, document(r.KeyPolicy...)); err != nil {
			errs = append(errs, fmt.Errorf("key policy: %w", err))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("%s on %s: %w", r.Kind, r.Target, err)
	}
	return nil
}
