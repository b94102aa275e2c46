package redshift

import (
	"github.com/wireup/wireup/internal/service/firehose"
	"github.com/wireup/wireup/internal/service/redshiftserverless"
	"github.com/wireup/wireup/internal/spec"
	"github.com/wireup/wireup/internal/targets"
)

// Measured on moto 5.2.1 and kumo v0.33.1.
const (
	motoNoSQL      = "moto deploys the provisioned cluster (redshift.mode: provisioned; " + redshiftserverless.MotoNoServerless + ") but runs no SQL: its Data API answers what the Go SDK cannot decode, and no COPY, UNLOAD or Spectrum query runs"
	kumoDropsRoles = "kumo creates a provisioned cluster but drops its IAM roles (none read back), which COPY, UNLOAD and Spectrum need; " + redshiftserverless.KumoNoServerless
	localStackRS   = redshiftserverless.LocalStackUnmeasured
)

// Targets are the capability rows of the hops the Redshift package owns:
// loading into, unloading from, and querying the lake with the warehouse.
// Only AWS runs SQL; moto proves the provisioned control plane.
func Targets() targets.Rows {
	row := targets.Row{
		targets.Moto:       targets.Wired(motoNoSQL),
		targets.Kumo:       targets.Refused(kumoDropsRoles, "kumo runs no Redshift SQL"),
		targets.LocalStack: targets.Refused(localStackRS, localStackRS),
	}
	return targets.Rows{"s3-to-redshift": row, "redshift-to-s3": row, "s3-to-redshift-spectrum": row, "glue-to-redshift": row}
}

// SpecNotes are the settings of the spec's redshift section target t
// cannot deploy.
func SpecNotes(t targets.Target, s *spec.Spec) []targets.SpecNote {
	r := s.Redshift
	if r == nil {
		return nil
	}
	var out []targets.SpecNote
	if r.Firehose() {
		// What a delivery stream into the warehouse needs that wireup
		// does not make, on every target: the banner says it before
		// anything is created.
		out = append(out,
			targets.SpecNote{Setting: "redshift (publicly accessible)", Note: firehose.RedshiftReachability},
			targets.SpecNote{Setting: "redshift.firehoseUser: " + r.FirehoseUser, Note: firehose.RedshiftTableFirst})
	}
	if r.Provisioned() {
		return out
	}
	if ok, why := redshiftserverless.Serverless(t); !ok {
		out = append(out, targets.SpecNote{Setting: "redshift.mode: serverless", Note: "not deployable on " + string(t) + ": " + why})
	}
	return out
}
