package sagemaker

import (
	"fmt"

	"github.com/wireup/wireup/internal/iam"
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about SageMaker: no
// producer, reader or handler; cmd/train (templates/sagemaker/train*),
// which converts the route's events to CSV, starts a training job and
// waits for its model.
func Generator() service.Generator {
	return service.Generator{
		ID: "sagemaker", Func: "SageMaker",
		Modules: []string{"github.com/aws/aws-sdk-go-v2/service/sagemaker", "github.com/aws/aws-sdk-go-v2/service/sts"},
		Settings: func(s *spec.Spec) []service.Setting {
			m := s.SageMaker
			image := ""
			if img, err := XGBoostImage(s.Region, m.XGBoostVersion); err == nil {
				image = img.URI()
			}
			return []service.Setting{
				{Env: "SAGEMAKER_JOB_PREFIX", Field: "SageMakerJobPrefix", Default: m.JobPrefix, Doc: "training jobs are named PREFIX-YYYYMMDD-HHMMSS"},
				{Env: "SAGEMAKER_ROLE", Field: "SageMakerRole", Default: m.Role, Doc: "the execution role the jobs assume"},
				{Env: "SAGEMAKER_IMAGE", Field: "SageMakerImage", Default: image, Doc: "the built-in XGBoost image of the Region, from " + ImageSource},
				{Env: "SAGEMAKER_SOURCE_PREFIX", Field: "SageMakerSourcePrefix", Default: m.SourcePrefix, Doc: "where the route writes its JSON events"},
				{Env: "SAGEMAKER_TRAIN_PREFIX", Field: "SageMakerTrainPrefix", Default: m.TrainPrefix, Doc: "the train channel: the CSV cmd/train writes"},
				{Env: "SAGEMAKER_OUTPUT_PREFIX", Field: "SageMakerOutputPrefix", Default: m.OutputPrefix, Doc: "where SageMaker writes each job's model.tar.gz"},
				{Env: "SAGEMAKER_INSTANCE_TYPE", Field: "SageMakerInstanceType", Default: m.InstanceType, Doc: "the training instance type"},
				{Env: "SAGEMAKER_VOLUME_GIB", Field: "SageMakerVolumeGiB", Default: fmt.Sprint(m.VolumeSizeGiB), Doc: "the training volume in GiB"},
				{Env: "SAGEMAKER_MAX_RUNTIME_SECONDS", Field: "SageMakerMaxRuntimeSeconds", Default: fmt.Sprint(m.MaxRuntimeSeconds), Doc: "SageMaker stops a job that runs longer"},
				{Env: "SAGEMAKER_HYPERPARAMETERS", Field: "SageMakerHyperparameters", Default: FormatHyperparameters(Hyperparameters), Doc: "XGBoost hyperparameters, k=v,k=v"},
			}
		},
		Resource: func(s *spec.Spec) string { return s.SageMaker.JobPrefix + "-*" },
		Defaults: Defaults,
		Commands: []service.Command{{
			Name: "train",
			On:   func(s *spec.Spec) bool { return s.SageMaker != nil && s.S3 != nil },
			Doc: func(s *spec.Spec) string {
				m := s.SageMaker
				return fmt.Sprintf("converts the events under `s3://%s/%s` to CSV under `%s` and trains XGBoost on them in a SageMaker training job `%s-…` (`go run ./cmd/train`); deploy starts no job. Billed per second of %s while the job runs (https://aws.amazon.com/sagemaker/pricing/), at most %d s; Ctrl-C stops it",
					s.S3.Bucket, m.SourcePrefix, m.TrainPrefix, m.JobPrefix, m.InstanceType, m.MaxRuntimeSeconds)
			},
			Policy: func(s *spec.Spec, env iam.Env) (iam.Policy, error) { return TrainPolicy(env, TrainInputFor(s)) },
		}},
	}
}
