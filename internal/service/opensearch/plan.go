package opensearch

import (
	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/plan"
	"github.com/wireup/wireup/internal/service/s3"
	"github.com/wireup/wireup/internal/spec"
)

// Planner plans the domain of the spec's opensearch section with its
// access policy (the iam-to-opensearch hop: who may call the domain).
// The hops into it are wired by their sources' planners: the topic rule
// by iot, the delivery stream by firehose.
type Planner struct{}

// Service implements plan.Planner.
func (Planner) Service() string { return "opensearch" }

// Resources implements plan.Planner: the domain, after the roles its
// access policy names (OpenSearch checks the principals exist).
func (Planner) Resources(b *plan.Builder) error {
	s := b.Spec()
	o := s.OpenSearch
	if o == nil {
		return nil
	}
	d := b.Add(&plan.Resource{ID: plan.IDDomain, Kind: plan.KindDomain, Name: o.Domain, Settings: map[string]string{
		"engineVersion": o.EngineVersion, "instanceType": o.InstanceType, "instanceCount": "1",
		"volumeType": "gp3", "volumeSizeGiB": plan.ItoA(o.VolumeSizeGiB),
		"index":            o.Index,
		"encryptionAtRest": "true", "nodeToNodeEncryption": "true", "enforceHTTPS": "true", "tlsPolicy": string(TLSPolicy),
	}})
	if o.BackupBucket != "" {
		// Where Firehose writes the documents the domain refuses:
		// encrypted like every bucket wireup makes, TLS only, emptied on
		// destroy (the failed documents are a copy of what was sent).
		b.Add(&plan.Resource{ID: plan.IDBackupBucket, Kind: plan.KindBucket, Name: o.BackupBucket, Settings: map[string]string{
			"versioning": "false", "kmsKey": "", "forceDestroy": "true", "objectPrefix": "", "expirePrefix": "", "expireDays": "0",
		}})
		rp, err := s3.TLSOnlyPolicy(b.IAMEnv(), o.BackupBucket)
		if err := b.SetResourcePolicy(plan.IDBackupBucket, rp, err); err != nil {
			return err
		}
	}
	in := AccessInputFor(s)
	if in.IoTRole != "" {
		d.DependsOn = append(d.DependsOn, plan.IDRoleIoT)
	}
	if in.FirehoseRole != "" {
		d.DependsOn = append(d.DependsOn, plan.IDRoleFirehose)
	}
	rp, err := AccessPolicy(b.IAMEnv(), in)
	return b.SetResourcePolicy(plan.IDDomain, rp, err)
}

// Wire implements plan.Wirer: OpenSearch makes no wiring call of its own.
func (Planner) Wire(*plan.Builder, *catalog.Integration) (bool, error) { return false, nil }

// On reports whether the spec has a domain.
func On(s *spec.Spec) bool { return s.OpenSearch != nil }
