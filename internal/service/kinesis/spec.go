package kinesis

import (
	"strconv"

	"github.com/wireup/wireup/internal/catalog"
	"github.com/wireup/wireup/internal/spec"
)

// SpecRule checks the spec's kinesis section, a spec.Rule that
// registry.Validate runs.
func SpecRule(v *spec.Validator) {
	k := v.Spec.Kinesis
	if k == nil {
		return
	}
	v.Name("kinesis.stream", k.Stream, StreamName)
	switch k.Mode {
	case "ON_DEMAND":
		if k.Shards != 0 {
			v.Add("kinesis.shards", strconv.Itoa(k.Shards), "must be 0 (omitted) in ON_DEMAND mode, where Kinesis scales shards itself; set mode: PROVISIONED to choose a shard count")
		}
	case "PROVISIONED":
		v.Between("kinesis.shards", k.Shards, 1, 500, "PROVISIONED streams need at least one shard; 500 is the default Kinesis shard quota")
	default:
		v.OneOf("kinesis.mode", k.Mode, "ON_DEMAND", "PROVISIONED")
	}
	v.Between("kinesis.retentionHours", k.RetentionHours, 24, 8760, "Kinesis retention is 24 hours to 365 days")
}

// StreamName checks a Kinesis data stream name: 1-128 characters of letters,
// digits, underscores, dots and hyphens.
func StreamName(name string) error {
	return spec.DottedName(name, 1, 128, "Kinesis stream name")
}

// SpecDefault fills the kinesis section of a new spec when the route uses it, a
// spec.Default that registry.New runs.
func SpecDefault(c *catalog.Catalog, s *spec.Spec, on map[string]bool) {
	n := s.Name
	if on["kinesis"] {
		s.Kinesis = &spec.Kinesis{Stream: n + "-stream", Mode: "ON_DEMAND", RetentionHours: 24, Encryption: true}
	}
}
