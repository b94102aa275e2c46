package policy

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// starResourceActions lists the actions that have no resource type in the
// Service Authorization Reference: they may be granted on Resource "*" and
// only there, since a statement naming them on an ARN can never match (see
// validateStatement). The IoT producer policy emits iot:DescribeEndpoint;
// the others are here so that a future KPL/KCL or console-style policy stays
// valid, and so that none of them is ever granted on an ARN by mistake.
var starResourceActions = map[string]string{
	"cloudwatch:PutMetricData":  "KPL/KCL metrics; CloudWatch metrics have no resource type: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html",
	"kinesis:ListStreams":       "account-level listing, no stream resource: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonkinesis.html",
	"dynamodb:ListStreams":      "account-level listing, no stream resource: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html",
	"iot:DescribeEndpoint":      "no resource type; the producer looks up the data endpoint: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsiot.html",
	"ecr:GetAuthorizationToken": "no resource type; a SageMaker execution role pulls the training image with it: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonelasticcontainerregistry.html",
	// Step Functions' log delivery to CloudWatch Logs: AWS documents these
	// on "*" ("do not support resource types")
	// (https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy).
	"logs:CreateLogDelivery":        "vended log delivery has no resource type: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy",
	"logs:DeleteLogDelivery":        "vended log delivery has no resource type: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy",
	"logs:DescribeLogGroups":        "account-level listing: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy",
	"logs:DescribeResourcePolicies": "account-level listing: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy",
	"logs:GetLogDelivery":           "vended log delivery has no resource type: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy",
	"logs:ListLogDeliveries":        "vended log delivery has no resource type: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy",
	"logs:PutResourcePolicy":        "account-level resource policy: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy",
	"states:ListStateMachines":      "account-level listing: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsstepfunctions.html",
	"logs:UpdateLogDelivery":        "vended log delivery has no resource type: https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html#cloudwatch-iam-policy",

	// cmd/job of an EMR project finds the project's application by name.
	"emr-serverless:ListApplications": "no resource type: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonemrserverless.html",
	// The Data API's statement calls name a statement id, not a resource;
	// AWS ties them to their caller with redshift-data:statement-owner-iam-userid.
	"redshift-data:CancelStatement":    "no resource type; scoped to the caller's statements: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html",
	"redshift-data:DescribeStatement":  "no resource type; scoped to the caller's statements: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html",
	"redshift-data:GetStatementResult": "no resource type; scoped to the caller's statements: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonredshiftdataapi.html",
}

// deputyKeys lists, per service principal, the condition keys a statement
// naming that principal must carry (confused-deputy protection:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
// A principal missing from this table is rejected, so adding a new service
// forces a decision here.
var deputyKeys = map[string][]string{
	// Firehose documents sts:ExternalId = account, not aws:SourceArn:
	// https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html
	"firehose.amazonaws.com": {"sts:ExternalId"},
	// Trust: https://docs.aws.amazon.com/iot/latest/developerguide/cross-service-confused-deputy-prevention.html
	// Lambda permission: https://docs.aws.amazon.com/iot/latest/developerguide/lambda-rule-action.html
	"iot.amazonaws.com": {"aws:SourceAccount", "aws:SourceArn"},
	// A bucket ARN has no account, so both keys are required:
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
	"s3.amazonaws.com": {"aws:SourceAccount", "aws:SourceArn"},
	// CloudWatch Logs subscription destinations: the log group ARN holds
	// the account, and AWS's examples add aws:SourceAccount as well
	// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters.html,
	// https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
	"logs.amazonaws.com": {"aws:SourceAccount", "aws:SourceArn"},
	// The topic ARN contains the account: https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html
	"sns.amazonaws.com": {"aws:SourceArn"},
	// An EventBridge rule's ARN contains the account; EventBridge sends
	// aws:SourceArn (the rule) and aws:SourceAccount to its targets:
	// https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-conditions.html
	"events.amazonaws.com": {"aws:SourceArn"},
	// No Lambda-specific trust condition is documented (https://docs.aws.amazon.com/lambda/latest/dg/permissions-managed-policies.html),
	// and a condition on a key the service does not send makes AssumeRole fail.
	"lambda.amazonaws.com": {},
	// Glue documents no crawler-specific trust condition; aws:SourceAccount
	// is the global key AWS recommends for every service principal
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
	"glue.amazonaws.com": {"aws:SourceAccount"},
	// QuickSight documents no trust condition for a role passed to it
	// (https://docs.aws.amazon.com/quicksight/latest/user/security-create-iam-role.html);
	// like Lambda, none is added.
	"quicksight.amazonaws.com": {},
	// SageMaker's confused-deputy page: ArnLike aws:SourceArn on the
	// training job ARN, which holds the account
	// (https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html).
	"sagemaker.amazonaws.com": {"aws:SourceArn"},
	// Step Functions sends both; the state machine's ARN holds the account
	// (https://docs.aws.amazon.com/step-functions/latest/dg/procedure-create-iam-role.html).
	"states.amazonaws.com": {"aws:SourceAccount", "aws:SourceArn"},
	// EMR Serverless job runtime roles: the global confused-deputy keys,
	// the source ARN being the account's applications in the Region
	// (https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html).
	"emr-serverless.amazonaws.com": {"aws:SourceAccount", "aws:SourceArn"},
	// Redshift's documented trust for the role a cluster or namespace uses
	// for COPY, UNLOAD and Spectrum names the principal only (optionally
	// sts:ExternalId = database users, a provisioned-cluster form):
	// https://docs.aws.amazon.com/redshift/latest/mgmt/authorizing-redshift-service.html.
	// A condition on a key Redshift does not send would make it fail.
	"redshift.amazonaws.com": {},
}

var (
	sidRE    = regexp.MustCompile(`^[A-Za-z0-9]+$`)
	actionRE = regexp.MustCompile(`^[a-z0-9-]+:[A-Za-z0-9]+$`)
	// serviceWildcardRE is every action of one service ("s3:*"). Only a Deny
	// may use it; see validateStatement.
	serviceWildcardRE = regexp.MustCompile(`^[a-z0-9-]+:\*$`)
)

// Validate checks d against the invariants every wireup policy must meet and
// returns all violations joined:
//   - Version is 2012-10-17 and there is at least one statement;
//   - Sids are alphanumeric and unique, Effect is Allow or Deny;
//   - actions are named exactly (no "*" or "?"), sorted and unique; only a
//     Deny may name every action of one service ("s3:*");
//   - the everyone principal ("*") appears only in a Deny, alone;
//   - Resource "*" only for actions without resource-level permissions, or
//     for KMS actions in a key policy (where "*" means "this key");
//   - identity statements have resources, trust statements have none;
//   - every service principal carries its confused-deputy condition keys,
//     and aws:SourceAccount / sts:ExternalId equal env's account;
//   - every ARN (resources, principals, condition values) parses and is in
//     env's partition.
func Validate(env Env, d Document) error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if d.Version != Version {
		fail("version %q, want %q", d.Version, Version)
	}
	if len(d.Statement) == 0 {
		fail("no statements")
	}
	sids := map[string]bool{}
	for i, s := range d.Statement {
		at := fmt.Sprintf("statement %d (%s)", i, s.Sid)
		if !sidRE.MatchString(s.Sid) {
			fail("%s: sid must be non-empty and alphanumeric", at)
		}
		if sids[s.Sid] {
			fail("%s: duplicate sid", at)
		}
		sids[s.Sid] = true
		if s.Effect != Allow && s.Effect != Deny {
			fail("%s: effect %q", at, s.Effect)
		}
		for _, err := range validateStatement(env, s) {
			fail("%s: %w", at, err)
		}
	}
	return errors.Join(errs...)
}

func validateStatement(env Env, s Statement) []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if len(s.Action) == 0 {
		fail("no actions")
	}
	// The no-wildcard rule exists because a wildcard in an Allow grants
	// actions nobody reviewed, including ones AWS adds later. A Deny takes
	// permissions away, so a service wildcard there is narrower, not
	// broader: the TLS-only bucket policy must refuse every S3 action sent
	// over plain HTTP, and "s3:*" is how AWS documents it. A bare "*" stays
	// forbidden even in a Deny, as does any partial pattern ("s3:Get*").
	for _, a := range s.Action {
		switch {
		case actionRE.MatchString(a):
		case s.Effect == Deny && serviceWildcardRE.MatchString(a):
		case s.Effect == Deny:
			fail("action %q is neither a single named action nor every action of one service (\"s3:*\")", a)
		default:
			fail("action %q is not a single named action (wildcards are not allowed in an Allow)", a)
		}
	}
	if !isSortedSet(s.Action) {
		fail("actions %q are not sorted and unique", s.Action)
	}
	if !isSortedSet(s.Resource) {
		fail("resources %q are not sorted and unique", s.Resource)
	}

	trust := slices.Equal(s.Action, []string{"sts:AssumeRole"})
	switch {
	case trust && s.Principal == nil:
		fail("sts:AssumeRole without a principal")
	case trust && len(s.Resource) > 0:
		fail("trust statement must not have resources")
	case !trust && len(s.Resource) == 0:
		fail("no resources")
	}

	if !slices.Contains(s.Resource, "*") {
		for _, a := range s.Action {
			if _, ok := starResourceActions[a]; ok {
				fail("action %q has no resource type, so granted on %q it never matches; grant it on \"*\" or not at all", a, s.Resource)
			}
		}
	}
	for _, r := range s.Resource {
		if r == "*" {
			if !starAllowed(s) {
				fail("resource \"*\" for %q: only actions without resource-level permissions may use it", s.Action)
			}
			continue
		}
		if err := checkARN(env, r); err != nil {
			fail("resource: %w", err)
		}
	}

	if s.Principal != nil && s.Principal.Everyone {
		// Granting to "*" would make the resource public; refusing to "*"
		// is how a resource policy applies a rule to every caller.
		if s.Effect != Deny {
			fail("principal \"*\" in an Allow grants to everyone; only a Deny may name it")
		}
		if len(s.Principal.Service)+len(s.Principal.AWS) > 0 {
			fail("principal \"*\" must stand alone")
		}
	}
	if s.Principal != nil && !s.Principal.Everyone {
		if len(s.Principal.Service)+len(s.Principal.AWS) == 0 {
			fail("empty principal")
		}
		for _, p := range s.Principal.AWS {
			if err := checkARN(env, p); err != nil {
				fail("principal: %w", err)
			}
		}
		for _, svc := range s.Principal.Service {
			keys, ok := deputyKeys[svc]
			if !ok {
				fail("service principal %q has no confused-deputy rule", svc)
				continue
			}
			for _, k := range keys {
				if len(conditionValues(s.Condition, k)) == 0 {
					fail("service principal %q needs condition key %s (confused-deputy protection)", svc, k)
				}
			}
		}
	}

	for op, kv := range s.Condition {
		for k, vs := range kv {
			if len(vs) == 0 {
				fail("condition %s %s has no values", op, k)
			}
			for _, v := range vs {
				if v == "" {
					fail("condition %s %s has an empty value", op, k)
				}
				if strings.HasPrefix(v, "arn:") {
					if err := checkARN(env, v); err != nil {
						fail("condition %s %s: %w", op, k, err)
					}
				}
				if (strings.EqualFold(k, "aws:SourceAccount") || strings.EqualFold(k, "sts:ExternalId")) && v != env.AccountID {
					fail("condition %s %s = %q, want account %s", op, k, v, env.AccountID)
				}
			}
		}
	}
	return errs
}

// starAllowed reports whether Resource "*" is acceptable for s: all its
// actions lack resource-level permissions, or s is a key-policy statement
// (a principal and KMS actions only), where "*" means the key itself.
func starAllowed(s Statement) bool {
	allListed, allKMS := true, true
	for _, a := range s.Action {
		if _, ok := starResourceActions[a]; !ok {
			allListed = false
		}
		if !strings.HasPrefix(a, "kms:") {
			allKMS = false
		}
	}
	return allListed || (s.Principal != nil && allKMS)
}

// conditionValues returns the values of key under any operator. Condition
// keys are case-insensitive in IAM (Lambda writes AWS:SourceArn).
func conditionValues(c Condition, key string) []string {
	var out []string
	for _, kv := range c {
		for k, vs := range kv {
			if strings.EqualFold(k, key) {
				out = append(out, vs...)
			}
		}
	}
	return out
}

// checkARN reports whether s is an ARN in env's partition.
func checkARN(env Env, s string) error {
	a, err := arn.Parse(s)
	if err != nil {
		return fmt.Errorf("%q is not an ARN", s)
	}
	if a.Partition != env.Partition {
		return fmt.Errorf("%q is in partition %q, want %q for region %s", s, a.Partition, env.Partition, env.Region)
	}
	return nil
}

func isSortedSet(ss []string) bool {
	for i := 1; i < len(ss); i++ {
		if ss[i-1] >= ss[i] {
			return false
		}
	}
	return true
}
