package web

// apiRoutes registers the JSON API under /api/v1/.
func (s *Server) apiRoutes() {}
