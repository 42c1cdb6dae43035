/**
 * The image of a container is the one thing a programs.yaml never says. The
 * exported files name this placeholder, marked where it stands, and the
 * command says so on stderr: it must be replaced before anything runs.
 */
export const IMAGE_PLACEHOLDER = 'REPLACE_ME/your-app';

export const IMAGE_WARNING = `image: drover cannot know which image holds your programs; every image: is ${IMAGE_PLACEHOLDER}, a placeholder to replace with one that has them at the paths written here (working directories, files in commands)`;
