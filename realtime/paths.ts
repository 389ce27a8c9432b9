/** The websocket endpoint: clients connect to <REALTIME_PATH>/<document name>. */
export const REALTIME_PATH = '/realtime'
