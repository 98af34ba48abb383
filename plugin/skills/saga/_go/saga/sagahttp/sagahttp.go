package sagahttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/skillcheck-dev/skillcheck/reference/rest/outcome"
	"github.com/skillcheck-dev/skillcheck/reference/saga"
)

// Call sends a request of method to url with key as its Idempotency-Key and
// in, if not nil, as its JSON body, and decodes a 2xx answer into out, if not
// nil. Any other outcome comes back as an *outcome.Error: wrapped with
// saga.Abort when the participant refused, with saga.Unknown when the outcome
// is unknown, and as it is when the attempt failed without effect. client
// should not retry on its own (the orchestrator retries, counting attempts
// in its log) and should have no Timeout (ctx, the step's attempt, bounds
// the call).
func Call(ctx context.Context, client *http.Client, method, url, key string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("%s %s: encode: %w", method, url, err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set(outcome.IdempotencyKeyHeader, key)
	resp, o, err := outcome.Do(client, req)
	switch o {
	case outcome.Success:
		defer resp.Body.Close()
		if out == nil {
			return nil
		}
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			// The participant did the work and its answer was lost.
			return saga.Unknown(fmt.Errorf("%s %s: decode the answer: %w", method, url, err))
		}
		return nil
	case outcome.Refused:
		return saga.Abort(err)
	case outcome.Unknown:
		return saga.Unknown(err)
	}
	return err
}
