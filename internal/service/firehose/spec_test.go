package firehose

import "testing"

func TestHTTPEndpointURL(t *testing.T) {
	for u, ok := range map[string]bool{
		"https://abc.lambda-url.us-east-1.on.aws/": true, "https://example.com:443/in": true,
		"http://example.com/": false, "https://example.com:8443/": false, "": false, "example.com": false,
	} {
		if err := HTTPEndpointURL(u); (err == nil) != ok {
			t.Errorf("HTTPEndpointURL(%q) = %v, want ok=%v", u, err, ok)
		}
	}
}
