'use server'

import { z } from 'zod'
import { workspaceAction } from '@/lib/actions/define-action'
import { createDepartment, deleteDepartment, renameDepartment } from '@/lib/departments/departments'
import { nameSchema, uuidSchema } from '@/lib/schemas/common'

const departmentName = nameSchema('department name', 60)

export const createDepartmentAction = workspaceAction(z.object({ name: departmentName }), 'departments.manage', (ctx, { name }) => createDepartment(ctx, name))

export const renameDepartmentAction = workspaceAction(
  z.object({ departmentId: uuidSchema('department'), name: departmentName }),
  'departments.manage',
  (ctx, i) => renameDepartment(ctx, i.departmentId, i.name),
)

export const deleteDepartmentAction = workspaceAction(z.object({ departmentId: uuidSchema('department') }), 'departments.manage', (ctx, i) =>
  deleteDepartment(ctx, i.departmentId),
)
