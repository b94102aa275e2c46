package sagemaker

import (
	"fmt"
	"strings"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/spec"
)

// LogGroup is where every training job logs, one stream per instance,
// JOB/algo-1-EPOCH
// (https://docs.aws.amazon.com/sagemaker/latest/dg/logging-cloudwatch.html).
const LogGroup = "/aws/sagemaker/TrainingJobs"

// RoleInput describes the execution role of the project's training jobs:
// one bucket, the CSV channel it reads, the prefix it writes models to.
type RoleInput struct {
	RoleName  string
	JobPrefix string
	Bucket    string
	// TrainPrefix is the train channel (CSV); OutputPrefix the model
	// artifacts' S3OutputPath.
	TrainPrefix, OutputPrefix string
	// Image is the training image the role pulls.
	Image Image
	// KMSKeyARN is the bucket's customer managed key, if any.
	KMSKeyARN string
}

// ExecutionRole returns the role a training job assumes. Trust:
// sagemaker.amazonaws.com for this project's training jobs only
// (ArnLike aws:SourceArn training-job/PREFIX-*, and aws:SourceAccount:
// https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html).
// Policy: the CreateTrainingJob execution role permissions of
// https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createtrainingjob-perms,
// narrowed to the channel's prefix, the output prefix, the training log
// group's streams of these jobs and the algorithm's image repository.
func ExecutionRole(env iam.Env, in RoleInput) (iam.Role, error) {
	what := fmt.Sprintf("SageMaker execution role %s", in.RoleName)
	if err := checkRole(env, in); err != nil {
		return iam.Role{}, fmt.Errorf("%s: %w", what, err)
	}
	list := iam.AllowStatement("ListTrainingData", []string{"s3:ListBucket"}, env.BucketARN(in.Bucket))
	list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", in.TrainPrefix+"*")
	stmts := []iam.Statement{
		list,
		iam.AllowStatement("ReadTrainingData", []string{"s3:GetObject"}, env.ObjectsARN(in.Bucket, in.TrainPrefix)),
		iam.AllowStatement("WriteModel", []string{"s3:AbortMultipartUpload", "s3:PutObject"}, env.ObjectsARN(in.Bucket, in.OutputPrefix)),
		// SageMaker creates the group on the account's first training job.
		iam.AllowStatement("CreateLogGroup", []string{"logs:CreateLogGroup"}, env.LogGroupARN(LogGroup)),
		iam.AllowStatement("WriteLogs", []string{"logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"},
			env.LogStreamARN(LogGroup, in.JobPrefix+"-*")),
		iam.AllowStatement("PublishMetrics", []string{"cloudwatch:PutMetricData"}, "*"),
		iam.AllowStatement("PullImageToken", []string{"ecr:GetAuthorizationToken"}, "*"),
		iam.AllowStatement("PullImage", []string{"ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"}, in.Image.RepositoryARN()),
	}
	if in.KMSKeyARN != "" {
		k := iam.AllowStatement("BucketKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, in.KMSKeyARN)
		k.Condition = iam.Condition{}.With("StringEquals", "kms:ViaService", "s3."+env.Region+"."+env.DNSSuffix())
		stmts = append(stmts, k)
	}
	trust := iam.Condition{}.
		With("ArnLike", "aws:SourceArn", env.SageMakerARN("training-job/"+in.JobPrefix+"-*")).
		With("StringEquals", "aws:SourceAccount", env.AccountID)
	return iam.Validated(env, what, iam.Role{
		Name: in.RoleName,
		Purpose: fmt.Sprintf("Lets SageMaker training jobs %s-* (this account only) read s3://%s/%s, write their model under s3://%s/%s and log to %s.",
			in.JobPrefix, in.Bucket, in.TrainPrefix, in.Bucket, in.OutputPrefix, LogGroup),
		Trust:  iam.TrustPolicy("TrustSageMaker", "sagemaker.amazonaws.com", trust),
		Policy: iam.NewDocument(stmts...),
		Notes: []string{
			"cloudwatch:PutMetricData and ecr:GetAuthorizationToken have no resource type, so they are granted on \"*\" as AWS documents (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html).",
			"The ECR grants name the built-in XGBoost repository of the Region's AWS registry account (" + ImageSource + ").",
			"cmd/train passes this role to SageMaker: its identity needs iam:PassRole on it, to sagemaker.amazonaws.com only (iam/train-policy.json).",
		},
	})
}

func checkRole(env iam.Env, in RoleInput) error {
	if err := env.Check(); err != nil {
		return err
	}
	if err := iam.CheckRoleName(in.RoleName); err != nil {
		return err
	}
	for _, f := range []struct{ what, v string }{{"job prefix", in.JobPrefix}, {"bucket", in.Bucket}} {
		if err := iam.CheckName(f.what, f.v); err != nil {
			return err
		}
	}
	if err := checkPrefixes(in.TrainPrefix, in.OutputPrefix); err != nil {
		return err
	}
	if in.Image.Account == "" {
		return fmt.Errorf("no training image")
	}
	if in.KMSKeyARN != "" {
		return iam.CheckKey(env, in.KMSKeyARN)
	}
	return nil
}

func checkPrefixes(ps ...string) error {
	for _, p := range ps {
		if p == "" || strings.ContainsAny(p, "*?") || !strings.HasSuffix(p, "/") {
			return fmt.Errorf("prefix %q must be literal and end in /", p)
		}
	}
	return nil
}

// RoleInputFor is the execution role's input for the spec; the plan and
// its tests use it.
func RoleInputFor(s *spec.Spec, img Image) RoleInput {
	m := s.SageMaker
	return RoleInput{RoleName: m.Role, JobPrefix: m.JobPrefix, Bucket: s.S3.Bucket, TrainPrefix: m.TrainPrefix,
		OutputPrefix: m.OutputPrefix, Image: img, KMSKeyARN: plan.KeyARN(s.S3.KMSKey)}
}

// TrainInput describes the identity that runs cmd/train: it converts the
// route's JSON events to CSV, starts training jobs with the execution
// role, waits for them and checks their model artifact.
type TrainInput struct {
	Name      string // the policy's name
	JobPrefix string
	// Role is the execution role cmd/train passes.
	Role   string
	Bucket string
	// SourcePrefix holds the route's events; cmd/train writes
	// TrainPrefix and reads OutputPrefix (the model artifact).
	SourcePrefix, TrainPrefix, OutputPrefix string
	KMSKeyARN                               string
}

// TrainPolicy returns the identity policy of cmd/train. SageMaker's
// actions are on the project's training jobs
// (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonsagemaker.html);
// sagemaker:AddTags because CreateTrainingJob tags the job
// (https://docs.aws.amazon.com/sagemaker/latest/dg/security_iam_id-based-policy-examples.html);
// iam:PassRole on the execution role to SageMaker only
// (https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-pass-role).
func TrainPolicy(env iam.Env, in TrainInput) (iam.Policy, error) {
	what := fmt.Sprintf("train policy %s", in.Name)
	if err := env.Check(); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	for _, f := range []struct{ what, v string }{{"policy name", in.Name}, {"job prefix", in.JobPrefix}, {"bucket", in.Bucket}} {
		if err := iam.CheckName(f.what, f.v); err != nil {
			return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
		}
	}
	if err := iam.CheckRoleName(in.Role); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	if err := checkPrefixes(in.SourcePrefix, in.TrainPrefix, in.OutputPrefix); err != nil {
		return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
	}
	pass := iam.AllowStatement("PassExecutionRole", []string{"iam:PassRole"}, env.RoleARN(in.Role))
	pass.Condition = iam.Condition{}.With("StringEquals", "iam:PassedToService", "sagemaker.amazonaws.com")
	list := iam.AllowStatement("ListData", []string{"s3:ListBucket"}, env.BucketARN(in.Bucket))
	list.Condition = iam.Condition{}.With("StringLike", "s3:prefix", in.SourcePrefix+"*", in.TrainPrefix+"*", in.OutputPrefix+"*")
	stmts := []iam.Statement{
		iam.AllowStatement("RunTrainingJobs", []string{"sagemaker:AddTags", "sagemaker:CreateTrainingJob", "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob"},
			env.SageMakerARN("training-job/"+in.JobPrefix+"-*")),
		pass,
		list,
		iam.AllowStatement("ReadEvents", []string{"s3:GetObject"}, env.ObjectsARN(in.Bucket, in.SourcePrefix)),
		iam.AllowStatement("WriteTrainingData", []string{"s3:PutObject"}, env.ObjectsARN(in.Bucket, in.TrainPrefix)),
		// HeadObject of the model artifact is s3:GetObject.
		iam.AllowStatement("CheckModel", []string{"s3:GetObject"}, env.ObjectsARN(in.Bucket, in.OutputPrefix)),
	}
	if in.KMSKeyARN != "" {
		if err := iam.CheckKey(env, in.KMSKeyARN); err != nil {
			return iam.Policy{}, fmt.Errorf("%s: %w", what, err)
		}
		k := iam.AllowStatement("BucketKey", []string{"kms:Decrypt", "kms:GenerateDataKey"}, in.KMSKeyARN)
		k.Condition = iam.Condition{}.With("StringEquals", "kms:ViaService", "s3."+env.Region+"."+env.DNSSuffix())
		stmts = append(stmts, k)
	}
	return iam.Validated(env, what, iam.Policy{
		Name: in.Name,
		Purpose: fmt.Sprintf("Lets cmd/train turn s3://%s/%s into CSV under %s, start and stop SageMaker training jobs %s-* with role %s, and check their model under %s.",
			in.Bucket, in.SourcePrefix, in.TrainPrefix, in.JobPrefix, in.Role, in.OutputPrefix),
		Document: iam.NewDocument(stmts...),
		Notes:    []string{"A training job is billed per second of instance time until it completes, fails or is stopped; cmd/train stops its job on Ctrl-C."},
	})
}

// TrainInputFor is cmd/train's input for the spec.
func TrainInputFor(s *spec.Spec) TrainInput {
	m := s.SageMaker
	return TrainInput{Name: s.Name + "-train", JobPrefix: m.JobPrefix, Role: m.Role, Bucket: s.S3.Bucket,
		SourcePrefix: m.SourcePrefix, TrainPrefix: m.TrainPrefix, OutputPrefix: m.OutputPrefix, KMSKeyARN: plan.KeyARN(s.S3.KMSKey)}
}
