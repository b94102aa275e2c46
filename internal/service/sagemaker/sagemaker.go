// Package sagemaker is Amazon SageMaker AI training for wireup: the
// execution role of the project's training jobs and the training-job
// resource kind, the generated cmd/train (built-in XGBoost on CSV made
// from the route's JSON events), and the verify probe, which trusts the
// model artifact in S3, never a job status.
//
// Deploy starts no training job: a job is a billed run over data the
// route writes only after deploy. cmd/train starts one and waits for it;
// destroy stops the project's runs still in progress.
package sagemaker

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sagemaker"

	"github.com/wireup/wireup/internal/service"
)

// Kinds are the SageMaker resource kinds, on one client built from cfg.
func Kinds(cfg aws.Config) []service.Provider {
	return []service.Provider{NewTrainingJob(sagemaker.NewFromConfig(cfg))}
}
