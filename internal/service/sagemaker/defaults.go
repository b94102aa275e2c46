package sagemaker

import (
	"fmt"

	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Defaults are what bounds a training run's cost and what the role lets
// it touch.
func Defaults(s *spec.Spec) []service.Default {
	m := s.SageMaker
	return []service.Default{
		{Setting: "sagemaker.maxRuntimeSeconds", Value: fmt.Sprintf("%d s", m.MaxRuntimeSeconds),
			What: "SageMaker stops a training job that runs longer, which bounds what one run bills",
			Doc:  "https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_StoppingCondition.html"},
		{Setting: "sagemaker.instanceType", Value: fmt.Sprintf("%d × %s, %d GiB volume", m.InstanceCount, m.InstanceType, m.VolumeSizeGiB),
			What: "billed per second only while a job runs; nothing while idle",
			Doc:  "https://aws.amazon.com/sagemaker/pricing/"},
		{Setting: "sagemaker.role", Value: m.Role,
			What: fmt.Sprintf("the execution role is assumable only by this project's training jobs (%s-*) and reads only %s, writes only %s",
				m.JobPrefix, m.TrainPrefix, m.OutputPrefix),
			Doc: "https://docs.aws.amazon.com/sagemaker/latest/dg/security-confused-deputy-prevention.html"},
	}
}
