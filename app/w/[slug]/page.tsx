import { redirect } from 'next/navigation'

export default async function WorkspaceHome({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params
  redirect(`/w/${slug}/maps`)
}
