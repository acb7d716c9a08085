"""The live board's use cases: every change a participant makes to a retro goes through
`execute`, whichever way it arrived (WebSocket frame, REST command, REST card endpoint)."""
