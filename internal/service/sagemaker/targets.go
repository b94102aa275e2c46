package sagemaker

import "github.com/wireup/wireup/internal/targets"

// Measured on moto 5.2.1 and kumo v0.33.1 (TestEmulatorSageMaker in
// internal/e2e runs the generated cmd/train against them).
const (
	motoTrainsNothing    = "moto records a training job as Completed at once and trains nothing: the model artifact it names (S3ModelArtifacts) is never written"
	kumoTrainsNothing    = "kumo reports a training job Completed at once, with no model artifact"
	localStackUnmeasured = "SageMaker training is not measured on LocalStack"
)

// Targets are the capability rows of the hop the SageMaker package owns:
// a training job reading its channel from S3.
func Targets() targets.Rows {
	return targets.Rows{"s3-to-sagemaker": targets.Row{
		targets.Moto:       targets.Wired(motoTrainsNothing),
		targets.Kumo:       targets.Wired(kumoTrainsNothing),
		targets.LocalStack: targets.Refused(localStackUnmeasured, localStackUnmeasured),
	}}
}

// DeletesTrainingJob reports whether target t has DeleteTrainingJob, and
// what is left where it does not: the job's record, which bills nothing.
func DeletesTrainingJob(t targets.Target) (bool, string) {
	switch t {
	case targets.Moto:
		return false, "moto has no DeleteTrainingJob (HTTP 500): the finished jobs' records stay, billing nothing"
	case targets.Kumo:
		return false, "kumo has no DeleteTrainingJob (UnknownOperationException): the finished jobs' records stay, billing nothing"
	}
	return true, ""
}

// ListsTrainingJobs reports whether target t can list the project's
// training jobs (ListTrainingJobs and ListTags), which destroy needs to
// stop and delete them. Measured on kumo: UnknownOperationException for
// both; its jobs are Completed at once, so none is left running.
func ListsTrainingJobs(t targets.Target) (bool, string) {
	if t == targets.Kumo {
		return false, "kumo has no ListTrainingJobs or ListTags: destroy cannot find the project's runs there (they are Completed at once and bill nothing)"
	}
	return true, ""
}
