package web

// oidcRoutes registers single sign-on by OpenID Connect when it is configured.
func (s *Server) oidcRoutes() {}
