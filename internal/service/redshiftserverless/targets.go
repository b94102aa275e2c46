package redshiftserverless

import "github.com/wireup/wireup/internal/targets"

// Why an emulator has no Redshift Serverless, measured on moto 5.2.1 and
// kumo v0.33.1; the Redshift package's rows say them too.
const (
	MotoNoServerless = "moto has no Redshift Serverless backend (CreateNamespace answers HTTP 500 with an HTML page)"
	KumoNoServerless = "kumo has no Redshift Serverless (UnknownService: RedshiftServerless)"
	// LocalStackUnmeasured is why neither mode is claimed on LocalStack.
	LocalStackUnmeasured = "Redshift is not measured on LocalStack by wireup"
)

// Serverless reports whether target t has Redshift Serverless, and why
// not: the namespace and workgroup kinds refuse to start there rather than
// fail on the emulator's answer.
func Serverless(t targets.Target) (bool, string) {
	switch t {
	case targets.Moto:
		return false, MotoNoServerless + ": set redshift.mode: provisioned in wireup.yaml to deploy a single-node cluster on moto"
	case targets.Kumo:
		return false, KumoNoServerless
	case targets.LocalStack:
		return false, LocalStackUnmeasured
	}
	return true, ""
}
