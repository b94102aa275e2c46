package splunk

import (
	"strings"
	"testing"
)

func TestSplunkHECEndpoint(t *testing.T) {
	for u, want := range map[string]string{
		"https://splunk.example.com:8088": "", "https://http-inputs-firehose-acme.splunkcloud.com:443/": "", "https://10.0.0.1": "",
		"http://splunk.example.com:8088": "must use https",
		"splunk.example.com:8088":        "https",
		"":                               "absolute https://",
		"https://":                       "absolute https://",
		"https://splunk.example.com/services/collector": "without a path",
		"https://splunk.example.com?x=1":                "without a path",
		"https://user:pw@splunk.example.com":            "credentials",
	} {
		err := SplunkHECEndpoint(u)
		switch {
		case want == "" && err != nil:
			t.Errorf("SplunkHECEndpoint(%q) = %v, want ok", u, err)
		case want != "" && (err == nil || !strings.Contains(err.Error(), want)):
			t.Errorf("SplunkHECEndpoint(%q) = %v, want an error saying %q", u, err, want)
		}
	}
}
