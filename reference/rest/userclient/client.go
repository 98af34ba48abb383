package userclient

import "github.com/skillcheck-dev/skillcheck/reference/rest/transport"

// NewResilient returns a typed client for the user service at server (for
// example "https://users.internal/") whose requests go through
// transport.NewClient(s): retried within the context's budget, guarded by a
// breaker per host, each attempt bounded by its own timeout. Further options,
// such as WithRequestEditorFn for authentication, apply after the transport
// is set.
func NewResilient(server string, s transport.Settings, opts ...ClientOption) (*ClientWithResponses, error) {
	opts = append([]ClientOption{WithHTTPClient(transport.NewClient(s))}, opts...)
	return NewClientWithResponses(server, opts...)
}
