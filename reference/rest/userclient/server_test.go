package userclient_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"

	"github.com/skillcheck-dev/skillcheck/reference/rest/userclient"
)

// userService is an in-memory implementation of openapi.yaml for tests.
// Idempotency follows the IETF draft: a retry with the same key and body
// replays the stored response, the same key with another body gets 422, and
// a key whose first request is still in flight gets 409.
type userService struct {
	mu    sync.Mutex
	users []userclient.User
	keys  map[string]*keyed
}

type keyed struct {
	body   []byte // the request body the key was first used with
	done   bool   // false while the first request is in flight
	status int
	resp   []byte
}

func newUserService(names ...string) *userService {
	s := &userService{keys: map[string]*keyed{}}
	for _, n := range names {
		s.add(userclient.NewUser{Name: n, Email: n + "@example.com"})
	}
	return s
}

func (s *userService) add(nu userclient.NewUser) userclient.User {
	u := userclient.User{Id: "u" + strconv.Itoa(len(s.users)+1), Name: nu.Name, Email: nu.Email}
	s.users = append(s.users, u)
	return u
}

func (s *userService) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.users)
}

func (s *userService) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", s.getUser)
	mux.HandleFunc("GET /users", s.listUsers)
	mux.HandleFunc("POST /users", s.createUser)
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, code, format string, args ...any) {
	writeJSON(w, status, userclient.Error{Code: code, Message: fmt.Sprintf(format, args...)})
}

func (s *userService) getUser(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.users, func(u userclient.User) bool { return u.Id == r.PathValue("id") })
	if i < 0 {
		writeError(w, http.StatusNotFound, "not_found", "no user %q", r.PathValue("id"))
		return
	}
	writeJSON(w, http.StatusOK, s.users[i])
}

// listUsers pages by position; the cursor is the position of the next user.
func (s *userService) listUsers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, from := 20, 0
	var err error
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 100 {
			writeError(w, http.StatusBadRequest, "bad_limit", "limit must be 1..100")
			return
		}
	}
	if v := q.Get("cursor"); v != "" {
		if from, err = strconv.Atoi(v); err != nil || from < 0 {
			writeError(w, http.StatusBadRequest, "bad_cursor", "invalid cursor")
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	from = min(from, len(s.users))
	to := min(from+limit, len(s.users))
	page := userclient.UserPage{Items: append([]userclient.User{}, s.users[from:to]...)}
	if to < len(s.users) {
		next := strconv.Itoa(to)
		page.NextCursor = &next
	}
	writeJSON(w, http.StatusOK, page)
}

func (s *userService) createUser(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	if key == "" {
		writeError(w, http.StatusBadRequest, "missing_idempotency_key", "Idempotency-Key is required")
		return
	}
	var body bytes.Buffer
	body.ReadFrom(r.Body)
	s.mu.Lock()
	defer s.mu.Unlock()
	if k, ok := s.keys[key]; ok {
		switch {
		case !bytes.Equal(k.body, body.Bytes()):
			writeError(w, http.StatusUnprocessableEntity, "idempotency_key_reused", "key used with another request")
		case !k.done:
			writeError(w, http.StatusConflict, "request_in_flight", "a request with this key is in flight")
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(k.status)
			w.Write(k.resp)
		}
		return
	}
	var nu userclient.NewUser
	if err := json.Unmarshal(body.Bytes(), &nu); err != nil || nu.Name == "" || nu.Email == "" {
		writeError(w, http.StatusBadRequest, "invalid_user", "name and email are required")
		return
	}
	resp, _ := json.Marshal(s.add(nu))
	s.keys[key] = &keyed{body: body.Bytes(), done: true, status: http.StatusCreated, resp: resp}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	w.Write(resp)
}

// faults wraps a handler: the n-th request (from 1) is handled by faults[n]
// when there is one, and by the service otherwise.
type faults struct {
	next http.Handler
	mu   sync.Mutex
	n    int
	at   map[int]func(http.ResponseWriter, *http.Request, http.Handler)
}

func (f *faults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.n++
	fault := f.at[f.n]
	f.mu.Unlock()
	if fault == nil {
		f.next.ServeHTTP(w, r)
		return
	}
	fault(w, r, f.next)
}

func (f *faults) requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.n
}

// unavailable answers 503 with the error model.
func unavailable(w http.ResponseWriter, _ *http.Request, _ http.Handler) {
	writeError(w, http.StatusServiceUnavailable, "unavailable", "try again")
}

// lostResponse lets the service handle the request, then drops the
// connection instead of answering: the client cannot know it succeeded.
func lostResponse(w http.ResponseWriter, r *http.Request, next http.Handler) {
	next.ServeHTTP(httptest.NewRecorder(), r)
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

// serve starts an httptest server for svc with faults at the given request
// numbers.
func serve(svc *userService, at map[int]func(http.ResponseWriter, *http.Request, http.Handler)) (*httptest.Server, *faults) {
	f := &faults{next: svc.handler(), at: at}
	return httptest.NewServer(f), f
}
