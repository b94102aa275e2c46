package splunk

import (
	"github.com/wireup/wireup/internal/service"
	"github.com/wireup/wireup/internal/spec"
)

// Generator is what the project generator knows about Splunk: no
// producer, reader, handler or program of its own (what reaches Splunk
// is searched in Splunk); the README's settings and proofs.
func Generator() service.Generator {
	return service.Generator{
		ID: Service, Func: "Splunk",
		Settings: func(s *spec.Spec) []service.Setting {
			return []service.Setting{{Env: "SPLUNK_HEC_ENDPOINT", Field: "SplunkHECEndpoint", Default: s.Splunk.HECEndpoint,
				Doc: "the Splunk HTTP Event Collector the delivery stream sends to (the token is in Secrets Manager, never here)"}}
		},
		Resource: func(s *spec.Spec) string { return s.Splunk.HECEndpoint },
		Defaults: Defaults,
	}
}
