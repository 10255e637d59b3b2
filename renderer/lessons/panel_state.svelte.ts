// What the lesson panel shows, kept outside its components: opening a challenge switches the side
// panel to the editor, which unmounts the panel, and coming back must find the challenge again.
export const panel = $state<{ mode: 'lessons' | 'challenges'; challenge: string | null }>({ mode: 'lessons', challenge: null });
