package web

// workflowRoutes registers the workflow pages: section states, review, decision and lock.
func (s *Server) workflowRoutes() {}
