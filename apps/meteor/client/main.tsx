import '@rocket.chat/fuselage/dist/fuselage.css';
import '@rocket.chat/icons/dist/rocketchat.css';
import { createRoot } from 'react-dom/client';

import { App } from './views/root/App';

const container = document.getElementById('root');
if (container) {
	createRoot(container).render(<App />);
}
