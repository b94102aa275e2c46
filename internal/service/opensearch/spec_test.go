package opensearch

import (
	"testing"
)

// A project name always gives a valid domain name.
func TestDomainNameFromProject(t *testing.T) {
	for _, n := range []string{"demo", "a", "ab", "9lives", "a-very-long-project-name-that-goes-on", "e2e-iot-os-5a0642", "x-------------------------------y"} {
		if d := DomainName(n); OpenSearchDomain(d) != nil {
			t.Errorf("DomainName(%q) = %q, not a valid domain name", n, d)
		}
	}
}
